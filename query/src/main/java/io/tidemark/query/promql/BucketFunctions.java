package io.tidemark.query.promql;

import io.tidemark.query.promql.Evaluation.Rolled;
import io.tidemark.query.promql.Value.Element;
import io.tidemark.storage.rollup.Bucket;
import io.tidemark.storage.rollup.Rollups;
import io.tidemark.storage.sketch.LogSketch;
import java.util.ArrayList;
import java.util.List;

/**
 * Selectors and range functions answered from rollup buckets instead of raw samples.
 *
 * <p>A window {@code [rangeStart, rangeEnd]} is made of the buckets starting in {@code [rangeStart,
 * rangeEnd)}, plus the sample exactly at {@code rangeEnd} when there is one: it is the first sample
 * of the bucket starting there, which the bucket keeps. When both ends are multiples of the tier's
 * step that is exactly the samples Prometheus' closed window holds, so:
 *
 * <ul>
 *   <li>{@code count_over_time}, {@code min_over_time}, {@code max_over_time}, {@code
 *       last_over_time} and {@code delta} are exact;
 *   <li>{@code sum_over_time} and {@code avg_over_time} (sum over count) add bucket sums, so they
 *       agree with the raw answer up to floating-point rounding;
 *   <li>{@code increase} and {@code rate} of counters take the reset-corrected increase of the
 *       buckets ({@link Rollups#increase}) and Prometheus' extrapolation from the first and last
 *       sample of the window and their count, all of which the buckets keep: exact up to rounding;
 *   <li>{@code quantile_over_time} reads the merged sketches of the window, interpolating between
 *       the two ranks as Prometheus does: within {@link LogSketch#RELATIVE_ACCURACY} (1%) of the
 *       raw answer for values of one sign; NaN values are left out.
 * </ul>
 *
 * <p>When the window is not aligned to the tier, a bucket counts when it starts inside the window:
 * the window is in effect moved forward by less than a step. An instant selector at {@code t} takes
 * the newest sample at or before {@code t} within the lookback, which the buckets know exactly when
 * {@code t} is a multiple of the step (the first sample of the bucket starting at {@code t}, else
 * the last of the bucket before); otherwise, from the bucket containing {@code t}, its last sample.
 */
final class BucketFunctions {

  private BucketFunctions() {}

  /** The newest sample of each series at or before {@code ref}, within the lookback. */
  static Value.Vector select(Evaluation query, List<Rolled> series, long ref, long t) {
    List<Element> out = new ArrayList<>(series.size());
    for (Rolled s : series) {
      query.tick();
      int k = Evaluator.upperBound(s.starts(), ref) - 1;
      if (k >= 0 && s.buckets()[k].firstTimestamp() > ref) {
        k--; // the bucket containing ref starts with a later sample: the newest is before it
      }
      if (k < 0) {
        continue;
      }
      Bucket b = s.buckets()[k];
      double value;
      if (b.lastTimestamp() <= ref) {
        if (b.lastTimestamp() < ref - Evaluation.LOOKBACK_MILLIS) {
          continue;
        }
        value = b.last();
      } else {
        value = b.firstTimestamp() == ref ? b.first() : b.last(); // the bucket straddles ref
      }
      if (!Evaluation.isStale(value)) {
        out.add(new Element(s.labels(), value));
      }
    }
    return new Value.Vector(t, out);
  }

  /** A range function over each series' buckets in its window; see the class comment. */
  static Value.Vector overRange(
      Evaluation query,
      PromFunction f,
      List<Rolled> series,
      long rangeStart,
      long rangeEnd,
      long rangeMillis,
      int minSamples,
      double param,
      long t) {
    List<Element> out = new ArrayList<>(series.size());
    for (Rolled s : series) {
      query.tick();
      long[] starts = s.starts();
      Bucket[] buckets = s.buckets();
      int lo = Evaluator.lowerBound(starts, rangeStart);
      int hi = Evaluator.lowerBound(starts, rangeEnd);
      // The sample at exactly rangeEnd, the first of the bucket starting there.
      boolean end =
          hi < starts.length && starts[hi] == rangeEnd && buckets[hi].firstTimestamp() == rangeEnd;
      Window w = new Window(buckets, lo, hi, end ? buckets[hi].first() : Double.NaN, end);
      long count = w.count();
      if (count < minSamples) {
        continue;
      }
      double value =
          switch (f) {
            case RATE -> rate(w, rangeStart, rangeEnd, rangeMillis, true, true);
            case INCREASE -> rate(w, rangeStart, rangeEnd, rangeMillis, true, false);
            case DELTA -> rate(w, rangeStart, rangeEnd, rangeMillis, false, false);
            case AVG_OVER_TIME -> w.sum() / count;
            case MIN_OVER_TIME -> w.min();
            case MAX_OVER_TIME -> w.max();
            case SUM_OVER_TIME -> w.sum();
            case COUNT_OVER_TIME -> count;
            case LAST_OVER_TIME -> w.lastValue();
            case QUANTILE_OVER_TIME -> quantile(param, w.sketch());
            default -> throw new IllegalStateException("not answered from buckets: " + f);
          };
      out.add(
          new Element(f.keepsMetricName() ? s.labels() : s.labels().withoutMetricName(), value));
    }
    Value.Vector result = new Value.Vector(t, out);
    return f.keepsMetricName() ? result : Evaluator.unique(result);
  }

  private static double rate(
      Window w,
      long rangeStart,
      long rangeEnd,
      long rangeMillis,
      boolean isCounter,
      boolean isRate) {
    double result = isCounter ? w.increase() : w.lastValue() - w.firstValue();
    return Functions.extrapolate(
        result,
        w.firstTime(),
        w.firstValue(),
        w.lastTime(),
        w.count() - 1,
        rangeStart,
        rangeEnd,
        rangeMillis,
        isCounter,
        isRate);
  }

  /**
   * Prometheus' {@code quantile} of the values a sketch counted: the values at the lower and upper
   * rank around {@code q * (n - 1)}, each within the sketch's relative accuracy, interpolated.
   */
  static double quantile(double q, LogSketch sketch) {
    long n = sketch.count();
    if (n == 0 || Double.isNaN(q)) {
      return Double.NaN;
    }
    if (q < 0) {
      return Double.NEGATIVE_INFINITY;
    }
    if (q > 1) {
      return Double.POSITIVE_INFINITY;
    }
    double rank = q * (n - 1);
    long lower = (long) Math.max(0, Math.floor(rank));
    long upper = Math.min(n - 1, lower + 1);
    double weight = rank - Math.floor(rank);
    double low = atRank(sketch, lower, n);
    if (weight == 0) {
      return low;
    }
    return low * (1 - weight) + atRank(sketch, upper, n) * weight;
  }

  /** The sketch's value at a 0-based rank, asking for the middle of the rank's quantile range. */
  private static double atRank(LogSketch sketch, long rank, long n) {
    if (n == 1) {
      return sketch.quantile(0);
    }
    return sketch.quantile(Math.min(1.0, (rank + 0.5) / (n - 1)));
  }

  /**
   * The buckets {@code [lo, hi)} of a window and, when {@code hasEnd}, one more sample at its end.
   */
  private record Window(Bucket[] buckets, int lo, int hi, double endValue, boolean hasEnd) {

    long count() {
      long n = hasEnd ? 1 : 0;
      for (int i = lo; i < hi; i++) {
        n += buckets[i].count();
      }
      return n;
    }

    long firstTime() {
      return hi > lo ? buckets[lo].firstTimestamp() : buckets[hi].firstTimestamp();
    }

    double firstValue() {
      return hi > lo ? buckets[lo].first() : endValue;
    }

    long lastTime() {
      return hasEnd ? buckets[hi].firstTimestamp() : buckets[hi - 1].lastTimestamp();
    }

    double lastValue() {
      return hasEnd ? endValue : buckets[hi - 1].last();
    }

    /** Bucket sums added with compensation, then the end sample. */
    double sum() {
      KahanSum sum = new KahanSum();
      for (int i = lo; i < hi; i++) {
        sum.add(buckets[i].sum());
      }
      if (hasEnd) {
        sum.add(endValue);
      }
      return sum.value();
    }

    /** The smallest value, NaN skipped unless every value is NaN (as min_over_time). */
    double min() {
      double min = Double.NaN;
      for (int i = lo; i < hi; i++) {
        double v = buckets[i].min();
        if (v < min || Double.isNaN(min)) {
          min = v;
        }
      }
      if (hasEnd && (endValue < min || Double.isNaN(min))) {
        min = endValue;
      }
      return min;
    }

    /** The largest value, NaN skipped unless every value is NaN (as max_over_time). */
    double max() {
      double max = Double.NaN;
      for (int i = lo; i < hi; i++) {
        double v = buckets[i].max();
        if (v > max || Double.isNaN(max)) {
          max = v;
        }
      }
      if (hasEnd && (endValue > max || Double.isNaN(max))) {
        max = endValue;
      }
      return max;
    }

    /** The reset-corrected increase from the first to the last sample, as Rollups.increase. */
    double increase() {
      double total = 0;
      for (int i = lo; i < hi; i++) {
        if (i > lo) {
          total += Rollups.counterDelta(buckets[i - 1].last(), buckets[i].first());
        }
        total += buckets[i].increase();
      }
      if (hasEnd && hi > lo) {
        total += Rollups.counterDelta(buckets[hi - 1].last(), endValue);
      }
      return total;
    }

    /** The merged sketch of the window's values. */
    LogSketch sketch() {
      LogSketch merged = new LogSketch();
      for (int i = lo; i < hi; i++) {
        if (buckets[i].sketch() != null) {
          merged.merge(buckets[i].sketch());
        }
      }
      if (hasEnd) {
        merged.add(endValue);
      }
      return merged;
    }
  }
}
