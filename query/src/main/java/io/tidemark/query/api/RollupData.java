package io.tidemark.query.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.tidemark.query.format.GoNumbers;
import io.tidemark.storage.rollup.Bucket;
import io.tidemark.storage.sketch.LogSketch;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code data} of {@code /api/v1/rollups}: the stored rollup buckets of each series of one
 * tier.
 *
 * <pre>
 * {"resolution": "1h", "result": [
 *   {"metric": {"__name__": "...", ...},
 *    "buckets": [{"start": 1728000000, "count": 240, "sum": "...", "min": "...", "max": "...",
 *                 "first": "...", "last": "...", "firstTimestamp": 1728000001.5,
 *                 "lastTimestamp": 1728003598, "p50": "...", "p90": "...", "p95": "...",
 *                 "p99": "..."}, ...]}, ...]}
 * </pre>
 *
 * <p>Times are unix seconds, numbers with up to three decimals ({@link GoNumbers#seconds}); values
 * are strings as Prometheus writes sample values ({@code "NaN"}, {@code "+Inf"}). A counter's
 * bucket (metric name ending in {@code _total}) has {@code increase} and no percentiles; a gauge's
 * has the percentiles of its sketch ({@link LogSketch#quantile}, within 1%) and no {@code
 * increase}.
 *
 * @param resolution the tier, like {@code 1h}
 * @param result one entry per series with buckets in the range, sorted by labels
 */
public record RollupData(String resolution, List<RollupSeries> result) {

  /** The percentiles each gauge bucket carries. */
  public static final List<Double> PERCENTILES = List.of(0.5, 0.9, 0.95, 0.99);

  /** The names of {@link #PERCENTILES}. */
  public static final List<String> PERCENTILE_NAMES = List.of("p50", "p90", "p95", "p99");

  /**
   * The buckets of one series.
   *
   * @param metric its labels, the metric name as {@code __name__}
   * @param buckets oldest first
   */
  public record RollupSeries(Map<String, String> metric, List<RollupBucket> buckets) {}

  /**
   * One bucket as written; see the class comment.
   *
   * @param bucket the stored bucket
   */
  @JsonSerialize(using = RollupBucket.Serializer.class)
  public record RollupBucket(Bucket bucket) {

    /** Requires a bucket. */
    public RollupBucket {
      Objects.requireNonNull(bucket, "bucket");
    }

    /** The percentiles of the bucket's sketch in {@link #PERCENTILES} order, or {@code null}. */
    public double[] percentiles() {
      LogSketch sketch = bucket.sketch();
      if (sketch == null) {
        return null;
      }
      double[] out = new double[PERCENTILES.size()];
      for (int i = 0; i < out.length; i++) {
        out[i] = sketch.quantile(PERCENTILES.get(i));
      }
      return out;
    }

    /** Writes the object. */
    static final class Serializer extends JsonSerializer<RollupBucket> {
      @Override
      public void serialize(RollupBucket value, JsonGenerator gen, SerializerProvider provider)
          throws IOException {
        Bucket b = value.bucket();
        gen.writeStartObject();
        gen.writeFieldName("start");
        gen.writeNumber(GoNumbers.seconds(b.start()));
        gen.writeNumberField("count", b.count());
        gen.writeStringField("sum", GoNumbers.formatSample(b.sum()));
        gen.writeStringField("min", GoNumbers.formatSample(b.min()));
        gen.writeStringField("max", GoNumbers.formatSample(b.max()));
        gen.writeStringField("first", GoNumbers.formatSample(b.first()));
        gen.writeStringField("last", GoNumbers.formatSample(b.last()));
        gen.writeFieldName("firstTimestamp");
        gen.writeNumber(GoNumbers.seconds(b.firstTimestamp()));
        gen.writeFieldName("lastTimestamp");
        gen.writeNumber(GoNumbers.seconds(b.lastTimestamp()));
        if (b.isCounter()) {
          gen.writeStringField("increase", GoNumbers.formatSample(b.increase()));
        }
        double[] percentiles = value.percentiles();
        if (percentiles != null) {
          for (int i = 0; i < percentiles.length; i++) {
            gen.writeStringField(PERCENTILE_NAMES.get(i), GoNumbers.formatSample(percentiles[i]));
          }
        }
        gen.writeEndObject();
      }
    }
  }
}
