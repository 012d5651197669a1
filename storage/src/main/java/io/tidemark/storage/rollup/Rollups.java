package io.tidemark.storage.rollup;

import io.tidemark.storage.sketch.LogSketch;
import java.util.ArrayList;
import java.util.List;

/**
 * Computes rollup buckets from raw samples, and combines buckets the way queries need them.
 *
 * <p>Rules, the same for the background rollup job and for buckets computed on the fly from raw
 * samples not rolled up yet:
 *
 * <ul>
 *   <li>A sample belongs to the bucket {@code floor(timestamp / step) * step}.
 *   <li>{@code sum} adds every value in time order (a NaN makes it NaN, as PromQL's {@code
 *       sum_over_time}); {@code min} and {@code max} skip NaN unless every value is NaN (as {@code
 *       min_over_time}).
 *   <li>A series is a counter when its metric name ends in {@code _total} (the Prometheus naming
 *       rule every counter Tidemark stores follows). Counters keep the reset-corrected increase and
 *       no sketch; gauges keep a {@link LogSketch} of their values and no increase.
 * </ul>
 */
public final class Rollups {

  private Rollups() {}

  /** Whether a metric is treated as a counter. */
  public static boolean isCounter(String metric) {
    return metric.endsWith("_total");
  }

  /**
   * The buckets of {@code count} samples, which must be in increasing time order.
   *
   * @param step bucket width in milliseconds
   */
  public static List<Bucket> compute(
      long[] timestamps, double[] values, int count, long step, boolean counter) {
    List<Bucket> out = new ArrayList<>();
    int i = 0;
    while (i < count) {
      long start = Math.floorDiv(timestamps[i], step) * step;
      long end = start + step;
      int j = i;
      double sum = 0;
      double min = Double.NaN;
      double max = Double.NaN;
      double increase = counter ? 0 : Double.NaN;
      LogSketch sketch = counter ? null : new LogSketch();
      while (j < count && timestamps[j] < end) {
        double v = values[j];
        sum += v;
        if (!Double.isNaN(v)) {
          min = Double.isNaN(min) ? v : Math.min(min, v);
          max = Double.isNaN(max) ? v : Math.max(max, v);
        }
        if (counter && j > i) {
          increase += counterDelta(values[j - 1], v);
        }
        if (sketch != null) {
          sketch.add(v);
        }
        j++;
      }
      out.add(
          new Bucket(
              start,
              j - i,
              sum,
              min,
              max,
              values[i],
              values[j - 1],
              timestamps[i],
              timestamps[j - 1],
              increase,
              sketch));
      i = j;
    }
    return out;
  }

  /** The increase of a counter from {@code previous} to {@code next}, a drop being a reset. */
  public static double counterDelta(double previous, double next) {
    return next < previous ? next : next - previous;
  }

  /**
   * The reset-corrected increase of a counter over consecutive buckets, from the first sample of
   * the first bucket to the last sample of the last: exactly what PromQL's {@code increase} sums
   * (before extrapolation) over the raw samples of those buckets.
   */
  public static double increase(List<Bucket> buckets) {
    double total = 0;
    Bucket previous = null;
    for (Bucket b : buckets) {
      if (previous != null) {
        total += counterDelta(previous.last(), b.first());
      }
      total += b.increase();
      previous = b;
    }
    return total;
  }

  /** Merges consecutive buckets (oldest first) into one starting at {@code start}. */
  public static Bucket merge(long start, List<Bucket> buckets) {
    if (buckets.isEmpty()) {
      throw new IllegalArgumentException("nothing to merge");
    }
    Bucket first = buckets.get(0);
    Bucket last = buckets.get(buckets.size() - 1);
    long count = 0;
    double sum = 0;
    double min = Double.NaN;
    double max = Double.NaN;
    LogSketch sketch = first.sketch() == null ? null : new LogSketch();
    for (Bucket b : buckets) {
      count += b.count();
      sum += b.sum();
      if (!Double.isNaN(b.min())) {
        min = Double.isNaN(min) ? b.min() : Math.min(min, b.min());
        max = Double.isNaN(max) ? b.max() : Math.max(max, b.max());
      }
      if (sketch != null && b.sketch() != null) {
        sketch.merge(b.sketch());
      }
    }
    return new Bucket(
        start,
        count,
        sum,
        min,
        max,
        first.first(),
        last.last(),
        first.firstTimestamp(),
        last.lastTimestamp(),
        first.isCounter() ? increase(buckets) : Double.NaN,
        sketch);
  }
}
