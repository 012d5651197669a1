package io.tidemark.query.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.tidemark.query.format.GoNumbers;
import java.io.IOException;
import java.util.Objects;

/**
 * A point as the Prometheus HTTP API writes it: {@code [1435781451.781, "1"]}, the time in unix
 * seconds and the value as a string. Prometheus 2.42 writes the time of a vector element with
 * exactly three decimals unless they are zero ({@code 1.500}), but the time of a scalar or string
 * result as a plain float ({@code 1.5}); both from {@link GoNumbers}.
 *
 * @param timestampMillis milliseconds since the epoch
 * @param value the value, already formatted ({@link GoNumbers})
 * @param plainTime whether the time is written as a plain float (scalar and string results)
 */
@JsonSerialize(using = SamplePair.Serializer.class)
public record SamplePair(long timestampMillis, String value, boolean plainTime) {

  /** Requires a value. */
  public SamplePair {
    Objects.requireNonNull(value, "value");
  }

  /** A point of a vector, formatted as Prometheus formats vector samples. */
  public static SamplePair of(long timestampMillis, double value) {
    return new SamplePair(timestampMillis, GoNumbers.formatSample(value), false);
  }

  /** Writes the two-element array. */
  static final class Serializer extends JsonSerializer<SamplePair> {
    @Override
    public void serialize(SamplePair pair, JsonGenerator gen, SerializerProvider provider)
        throws IOException {
      gen.writeStartArray();
      gen.writeNumber(
          pair.plainTime()
              ? GoNumbers.formatF(pair.timestampMillis() / 1000.0)
              : GoNumbers.seconds(pair.timestampMillis()));
      gen.writeString(pair.value());
      gen.writeEndArray();
    }
  }
}
