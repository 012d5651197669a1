package io.tidemark.query.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.tidemark.query.format.GoNumbers;
import java.io.IOException;

/**
 * The points of one series, written as {@code [[<unix seconds>, "<value>"], ...]} straight from the
 * arrays, without an object per point. The arrays are shared, not copied, and must not change.
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
      for (int i = 0; i < pairs.timestamps().length; i++) {
        gen.writeStartArray();
        gen.writeNumber(GoNumbers.seconds(pairs.timestamps()[i]));
        gen.writeString(GoNumbers.formatSample(pairs.values()[i]));
        gen.writeEndArray();
      }
      gen.writeEndArray();
    }
  }
}
