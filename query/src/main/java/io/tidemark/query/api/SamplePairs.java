package io.tidemark.query.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.tidemark.query.format.GoNumbers;
import java.io.IOException;

/**
 * The points of one series, written as {@code [[<unix seconds>, "<value>"], ...]} straight from the
 * arrays, without an object per point (each number is formatted into one reused buffer). The arrays
 * are shared, not copied, and must not change.
 *
 * @param timestamps milliseconds since the epoch, oldest first
 * @param values one per timestamp
 */
@JsonSerialize(using = SamplePairs.Serializer.class)
public record SamplePairs(long[] timestamps, double[] values) {

  /** Checks the lengths. */
  public SamplePairs {
    if (timestamps.length != values.length) {
      throw new IllegalArgumentException("one value per timestamp");
    }
  }

  /** Writes the array of pairs. */
  static final class Serializer extends JsonSerializer<SamplePairs> {
    @Override
    public void serialize(SamplePairs pairs, JsonGenerator gen, SerializerProvider provider)
        throws IOException {
      gen.writeStartArray();
      long[] timestamps = pairs.timestamps();
      double[] values = pairs.values();
      StringBuilder text = new StringBuilder(32);
      char[] chars = new char[32];
      for (int i = 0; i < timestamps.length; i++) {
        gen.writeStartArray();
        text.setLength(0);
        GoNumbers.appendSeconds(text, timestamps[i]);
        chars = copy(text, chars);
        gen.writeNumber(chars, 0, text.length());
        text.setLength(0);
        GoNumbers.appendSample(text, values[i]);
        chars = copy(text, chars);
        gen.writeString(chars, 0, text.length());
        gen.writeEndArray();
      }
      gen.writeEndArray();
    }

    /** The characters of {@code text} in {@code chars}, or in a larger array. */
    private static char[] copy(StringBuilder text, char[] chars) {
      char[] out = chars.length < text.length() ? new char[text.length() * 2] : chars;
      text.getChars(0, text.length(), out, 0);
      return out;
    }
  }
}
