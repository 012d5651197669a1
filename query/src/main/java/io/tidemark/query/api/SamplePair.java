package io.tidemark.query.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.tidemark.query.promql.PromFloats;
import java.io.IOException;
import java.util.Objects;

/**
 * A point as the Prometheus HTTP API writes it: {@code [1435781451.781, "1"]}, the time in unix
 * seconds and the value as a string. Prometheus 2.42 writes the time of a vector element with
 * exactly three decimals unless they are zero ({@code 1.500}), but the time of a scalar or string
 * result as a plain float ({@code 1.5}).
 *
 * @param timestampMillis milliseconds since the epoch
 * @param value the value, already formatted ({@link PromFloats})
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
    return new SamplePair(timestampMillis, PromFloats.formatSample(value), false);
  }

  /**
   * Unix seconds as Prometheus' {@code jsonutil.MarshalTimestamp} writes them: the seconds, then,
   * unless the milliseconds are 0, a point and exactly three digits ({@code 1.500}).
   */
  public static String seconds(long millis) {
    StringBuilder out = new StringBuilder(20);
    long t = millis;
    if (t < 0) {
      out.append('-');
      t = -t;
    }
    out.append(t / 1000);
    long fraction = t % 1000;
    if (fraction != 0) {
      out.append('.');
      if (fraction < 100) {
        out.append('0');
      }
      if (fraction < 10) {
        out.append('0');
      }
      out.append(fraction);
    }
    return out.toString();
  }

  /** Writes the two-element array. */
  static final class Serializer extends JsonSerializer<SamplePair> {
    @Override
    public void serialize(SamplePair pair, JsonGenerator gen, SerializerProvider provider)
        throws IOException {
      gen.writeStartArray();
      gen.writeNumber(
          pair.plainTime()
              ? PromFloats.format(pair.timestampMillis() / 1000.0)
              : seconds(pair.timestampMillis()));
      gen.writeString(pair.value());
      gen.writeEndArray();
    }
  }
}
