package io.tidemark.simulator;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Renders one JSON payload into bytes with Jackson's streaming generator. Thread-safe. */
final class JsonPayload {

  /** Writes a document to the generator it is given. */
  @FunctionalInterface
  interface Body {
    void write(JsonGenerator g) throws IOException;
  }

  private static final JsonFactory JSON = new JsonFactory();

  private JsonPayload() {}

  /** The bytes {@code body} writes, in a buffer of {@code sizeHint} bytes to start with. */
  static byte[] render(int sizeHint, Body body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(sizeHint);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      body.write(g);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a byte array never fails to take bytes
    }
    return out.toByteArray();
  }
}
