package io.tidemark.query.promql;

import io.tidemark.query.promql.Evaluation.Loaded;
import io.tidemark.query.promql.Expr.Call;
import io.tidemark.query.promql.Expr.MatrixSelector;
import io.tidemark.query.promql.Value.Element;
import io.tidemark.query.promql.Value.Scalar;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleUnaryOperator;

/**
 * The supported PromQL functions, with the arithmetic of Prometheus 2.42's {@code
 * promql/functions.go} (rewritten, not copied): the same order of floating-point operations, so
 * results match to the last bit where Prometheus' do not depend on Go's compiler.
 */
final class Functions {

  private Functions() {}

  static Value call(Evaluator ev, Call call, long t) {
    List<Expr> args = call.args();
    return switch (call.function()) {
      case TIME -> new Scalar(t, t / 1000.0);
      case VECTOR ->
          new Value.Vector(t, List.of(new Element(LabelSet.EMPTY, ev.scalar(args.get(0), t))));
      case SCALAR -> {
        List<Element> v = ev.vector(args.get(0), t).elements();
        yield new Scalar(t, v.size() == 1 ? v.get(0).value() : Double.NaN);
      }
      case ABS -> map(ev.vector(args.get(0), t), Math::abs);
      case CLAMP_MIN -> {
        double min = ev.scalar(args.get(1), t);
        yield map(ev.vector(args.get(0), t), v -> Math.max(min, v));
      }
      case CLAMP_MAX -> {
        double max = ev.scalar(args.get(1), t);
        yield map(ev.vector(args.get(0), t), v -> Math.min(max, v));
      }
      default -> overRange(ev, call, t);
    };
  }

  private static Value.Vector map(Value.Vector in, DoubleUnaryOperator f) {
    List<Element> out = new ArrayList<>(in.elements().size());
    for (Element e : in.elements()) {
      out.add(new Element(e.labels().withoutMetricName(), f.applyAsDouble(e.value())));
    }
    return Evaluator.unique(new Value.Vector(in.timestamp(), out));
  }

  /** A function of a range vector: one value per series with enough samples in its window. */
  private static Value.Vector overRange(Evaluator ev, Call call, long t) {
    PromFunction f = call.function();
    int matrixArg = f == PromFunction.QUANTILE_OVER_TIME ? 1 : 0;
    MatrixSelector ms = (MatrixSelector) Evaluation.unwrap(call.args().get(matrixArg));
    double param = Double.NaN;
    if (f == PromFunction.QUANTILE_OVER_TIME) {
      param = ev.scalar(call.args().get(0), t);
    } else if (f == PromFunction.PREDICT_LINEAR) {
      param = ev.scalar(call.args().get(1), t);
    }
    long rangeEnd = t - ms.selector().offsetMillis();
    long rangeStart = rangeEnd - ms.rangeMillis();
    int minSamples = minSamples(f);
    List<Evaluation.Rolled> rolled = ev.query().rolled(ms.selector());
    if (rolled != null) {
      return BucketFunctions.overRange(
          ev.query(), f, rolled, rangeStart, rangeEnd, ms.rangeMillis(), minSamples, param, t);
    }
    List<Element> out = new ArrayList<>();
    for (Loaded s : ev.query().data(ms.selector())) {
      ev.query().tick();
      long[] ts = s.timestamps();
      double[] vs = s.values();
      int lo = Evaluator.lowerBound(ts, rangeStart);
      int hi = Evaluator.upperBound(ts, rangeEnd);
      if (hi - lo < minSamples) {
        continue;
      }
      double value =
          rangeValue(f, ts, vs, lo, hi, rangeStart, rangeEnd, ms.rangeMillis(), param, t);
      out.add(
          new Element(f.keepsMetricName() ? s.labels() : s.labels().withoutMetricName(), value));
    }
    Value.Vector result = new Value.Vector(t, out);
    return f.keepsMetricName() ? result : Evaluator.unique(result);
  }

  /** The fewest samples a window needs for {@code f} to have a value. */
  static int minSamples(PromFunction f) {
    return switch (f) {
      case RATE, IRATE, INCREASE, DELTA, DERIV, PREDICT_LINEAR -> 2;
      default -> 1;
    };
  }

  /**
   * The value of the range function {@code f} over the samples {@code [lo, hi)} (at least {@link
   * #minSamples}) of the window {@code [rangeStart, rangeEnd]} evaluated at {@code t}; {@code
   * param} is the scalar argument of {@code quantile_over_time} and {@code predict_linear}.
   */
  static double rangeValue(
      PromFunction f,
      long[] ts,
      double[] vs,
      int lo,
      int hi,
      long rangeStart,
      long rangeEnd,
      long rangeMillis,
      double param,
      long t) {
    return switch (f) {
      case RATE -> extrapolatedRate(ts, vs, lo, hi, rangeStart, rangeEnd, rangeMillis, true, true);
      case INCREASE ->
          extrapolatedRate(ts, vs, lo, hi, rangeStart, rangeEnd, rangeMillis, true, false);
      case DELTA ->
          extrapolatedRate(ts, vs, lo, hi, rangeStart, rangeEnd, rangeMillis, false, false);
      case IRATE -> instantRate(ts, vs, hi);
      case DERIV -> linearRegression(ts, vs, lo, hi, ts[lo])[0];
      case PREDICT_LINEAR -> {
        double[] fit = linearRegression(ts, vs, lo, hi, t);
        yield fit[0] * param + fit[1];
      }
      case AVG_OVER_TIME -> avg(vs, lo, hi);
      case MIN_OVER_TIME -> min(vs, lo, hi);
      case MAX_OVER_TIME -> max(vs, lo, hi);
      case SUM_OVER_TIME -> {
        KahanSum sum = new KahanSum();
        for (int i = lo; i < hi; i++) {
          sum.add(vs[i]);
        }
        yield sum.value();
      }
      case COUNT_OVER_TIME -> hi - lo;
      case LAST_OVER_TIME -> vs[hi - 1];
      case QUANTILE_OVER_TIME -> quantile(param, Arrays.copyOfRange(vs, lo, hi));
      default -> throw new IllegalStateException("not a range function: " + f);
    };
  }

  /**
   * {@code rate}, {@code increase} and {@code delta} over the samples {@code [lo, hi)} (at least
   * two) of a window {@code [rangeStart, rangeEnd]}, as Prometheus 2.42 computes them:
   *
   * <ol>
   *   <li>the difference between the last and the first sample, plus, for counters, the value
   *       before every drop (a reset);
   *   <li>extrapolated towards each end of the window by the time to that end when it is less than
   *       1.1 times the average interval between samples, else by half an average interval; for a
   *       counter whose first sample is not negative, the start is extrapolated no further than to
   *       where the counter would have been zero (that limit is applied before the 1.1 test, as
   *       2.42 does);
   *   <li>divided by the range in seconds for {@code rate}.
   * </ol>
   */
  static double extrapolatedRate(
      long[] ts,
      double[] vs,
      int lo,
      int hi,
      long rangeStart,
      long rangeEnd,
      long rangeMillis,
      boolean isCounter,
      boolean isRate) {
    int last = hi - 1;
    double result = vs[last] - vs[lo];
    if (isCounter) {
      double previous = vs[lo];
      for (int i = lo + 1; i <= last; i++) {
        if (vs[i] < previous) {
          result += previous;
        }
        previous = vs[i];
      }
    }
    return extrapolate(
        result,
        ts[lo],
        vs[lo],
        ts[last],
        last - lo,
        rangeStart,
        rangeEnd,
        rangeMillis,
        isCounter,
        isRate);
  }

  /**
   * The second and third steps of {@link #extrapolatedRate}, from what they need of the window's
   * samples: so rollup buckets, which keep their first and last sample, can use them too.
   *
   * @param result the difference between the last and first sample, reset-corrected for counters
   * @param firstTime the first sample's time
   * @param firstValue the first sample's value
   * @param lastTime the last sample's time
   * @param intervals the number of samples in the window minus one
   */
  static double extrapolate(
      double result,
      long firstTime,
      double firstValue,
      long lastTime,
      long intervals,
      long rangeStart,
      long rangeEnd,
      long rangeMillis,
      boolean isCounter,
      boolean isRate) {
    double durationToStart = (firstTime - rangeStart) / 1000.0;
    double durationToEnd = (rangeEnd - lastTime) / 1000.0;
    double sampledInterval = (lastTime - firstTime) / 1000.0;
    double averageDurationBetweenSamples = sampledInterval / (double) intervals;
    if (isCounter && result > 0 && firstValue >= 0) {
      double durationToZero = sampledInterval * (firstValue / result);
      if (durationToZero < durationToStart) {
        durationToStart = durationToZero;
      }
    }
    double extrapolationThreshold = averageDurationBetweenSamples * 1.1;
    double extrapolateToInterval = sampledInterval;
    extrapolateToInterval +=
        durationToStart < extrapolationThreshold
            ? durationToStart
            : averageDurationBetweenSamples / 2;
    extrapolateToInterval +=
        durationToEnd < extrapolationThreshold ? durationToEnd : averageDurationBetweenSamples / 2;
    double factor = extrapolateToInterval / sampledInterval;
    if (isRate) {
      factor /= goSeconds(rangeMillis);
    }
    return result * factor;
  }

  /** Go's {@code time.Duration.Seconds()} of a whole number of milliseconds. */
  private static double goSeconds(long millis) {
    return (double) (millis / 1000) + (double) ((millis % 1000) * 1_000_000L) / 1e9;
  }

  /** {@code irate}: the per-second rate between the last two samples, a drop being a reset. */
  static double instantRate(long[] ts, double[] vs, int hi) {
    double last = vs[hi - 1];
    double previous = vs[hi - 2];
    double result = last < previous ? last : last - previous;
    return result / ((ts[hi - 1] - ts[hi - 2]) / 1000.0);
  }

  /**
   * Least-squares slope and intercept of {@code [lo, hi)}, x in seconds from {@code interceptTime},
   * with compensated sums; a constant series has slope 0 (NaN when it is infinite).
   */
  static double[] linearRegression(long[] ts, double[] vs, int lo, int hi, long interceptTime) {
    double n = 0;
    KahanSum sumX = new KahanSum();
    KahanSum sumY = new KahanSum();
    KahanSum sumXY = new KahanSum();
    KahanSum sumX2 = new KahanSum();
    double initY = vs[lo];
    boolean constY = true;
    for (int i = lo; i < hi; i++) {
      double y = vs[i];
      if (constY && i > lo && y != initY) {
        constY = false;
      }
      n += 1.0;
      double x = (ts[i] - interceptTime) / 1e3;
      sumX.add(x);
      sumY.add(y);
      sumXY.add(x * y);
      sumX2.add(x * x);
    }
    if (constY) {
      if (Double.isInfinite(initY)) {
        return new double[] {Double.NaN, Double.NaN};
      }
      return new double[] {0, initY};
    }
    double sx = sumX.raw() + sumX.compensation();
    double sy = sumY.raw() + sumY.compensation();
    double sxy = sumXY.raw() + sumXY.compensation();
    double sx2 = sumX2.raw() + sumX2.compensation();
    double covXY = sxy - sx * sy / n;
    double varX = sx2 - sx * sx / n;
    double slope = covXY / varX;
    double intercept = sy / n - slope * sx / n;
    return new double[] {slope, intercept};
  }

  /** {@code avg_over_time}: a compensated incremental mean, as Prometheus 2.42 computes it. */
  static double avg(double[] vs, int lo, int hi) {
    KahanSum mean = new KahanSum();
    double count = 0;
    for (int i = lo; i < hi; i++) {
      double v = vs[i];
      count++;
      double m = mean.raw();
      if (Double.isInfinite(m)) {
        if (Double.isInfinite(v) && (m > 0) == (v > 0)) {
          continue; // the same infinity: the mean is right already
        }
        if (!Double.isInfinite(v) && !Double.isNaN(v)) {
          continue; // a finite value cannot move an infinite mean
        }
      }
      mean.add(v / count - m / count);
    }
    return mean.value();
  }

  static double min(double[] vs, int lo, int hi) {
    double min = vs[lo];
    for (int i = lo; i < hi; i++) {
      if (vs[i] < min || Double.isNaN(min)) {
        min = vs[i];
      }
    }
    return min;
  }

  static double max(double[] vs, int lo, int hi) {
    double max = vs[lo];
    for (int i = lo; i < hi; i++) {
      if (vs[i] > max || Double.isNaN(max)) {
        max = vs[i];
      }
    }
    return max;
  }

  /**
   * Prometheus' {@code quantile}: {@code -Inf} below 0, {@code +Inf} above 1, else the values
   * sorted (NaN first) and interpolated linearly between the two nearest ranks {@code q * (n - 1)}.
   * Sorts {@code values} in place.
   */
  static double quantile(double q, double[] values) {
    int n = values.length;
    if (n == 0 || Double.isNaN(q)) {
      return Double.NaN;
    }
    if (q < 0) {
      return Double.NEGATIVE_INFINITY;
    }
    if (q > 1) {
      return Double.POSITIVE_INFINITY;
    }
    sortNaNFirst(values);
    double rank = q * (n - 1);
    double lowerIndex = Math.max(0, Math.floor(rank));
    double upperIndex = Math.min(n - 1, lowerIndex + 1);
    double weight = rank - Math.floor(rank);
    return values[(int) lowerIndex] * (1 - weight) + values[(int) upperIndex] * weight;
  }

  private static void sortNaNFirst(double[] values) {
    Arrays.sort(values); // NaN sorts last here; Go's comparison puts it first
    int nans = 0;
    for (int i = values.length - 1; i >= 0 && Double.isNaN(values[i]); i--) {
      nans++;
    }
    if (nans > 0) {
      System.arraycopy(values, 0, values, nans, values.length - nans);
      Arrays.fill(values, 0, nans, Double.NaN);
    }
  }
}
