package io.tidemark.query.promql;

import io.tidemark.query.promql.Evaluation.Loaded;
import io.tidemark.query.promql.Expr.Aggregate;
import io.tidemark.query.promql.Expr.Call;
import io.tidemark.query.promql.Expr.MatrixSelector;
import io.tidemark.query.promql.Expr.NumberLiteral;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A range query of a range function over raw samples, {@code rate(m[5m])} and the like, evaluated
 * series by series: one pass over each selected series' samples with a window that moves forward
 * step by step, the result series' points written straight into arrays. Gives the same matrix, to
 * the last bit and in the same order, as evaluating the expression at every step with {@link
 * Evaluator} and gathering the steps' vectors per series, which {@link PromQlEngine} does for every
 * other query. Confined to the thread running the query.
 *
 * <p>Applies to a call of {@code rate}, {@code irate}, {@code increase}, {@code delta}, {@code
 * deriv}, {@code predict_linear} and the {@code *_over_time} functions whose range vector argument
 * is a matrix selector read from raw samples (not from rollup tiers) and whose scalar argument, if
 * any, is a number; and {@code sum}, {@code avg}, {@code min}, {@code max} and {@code count} of
 * such a call, by {@link SeriesAggregation}.
 */
final class SeriesRange {

  private SeriesRange() {}

  /** Whether {@link #evaluate} answers {@code expr} in {@code evaluation}. */
  static boolean applies(Expr expr, Evaluation evaluation) {
    Expr e = Evaluation.unwrap(expr);
    if (e instanceof Aggregate a) {
      return switch (a.op()) {
        case SUM, AVG, MIN, MAX, COUNT -> a.param() == null && rangeCall(a.expr(), evaluation);
        default -> false;
      };
    }
    return rangeCall(e, evaluation);
  }

  /** Whether {@code expr} is a range function of a raw matrix selector and numbers. */
  private static boolean rangeCall(Expr expr, Evaluation evaluation) {
    if (!(Evaluation.unwrap(expr) instanceof Call call)) {
      return false;
    }
    PromFunction f = call.function();
    if (!f.argTypes().contains(ValueType.MATRIX)) {
      return false;
    }
    int matrixArg = f.argTypes().indexOf(ValueType.MATRIX);
    for (int i = 0; i < call.args().size(); i++) {
      Expr arg = Evaluation.unwrap(call.args().get(i));
      if (i == matrixArg
          ? !(arg instanceof MatrixSelector ms) || evaluation.rolled(ms.selector()) != null
          : !(arg instanceof NumberLiteral)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The matrix of {@code expr}, for which {@link #applies} holds, at {@code start}, {@code start +
   * step}, ... up to {@code end}: result series sorted by labels; {@code null} when an aggregation
   * would need more than {@link SeriesAggregation#MAX_CELLS} accumulators (then the per-step
   * evaluation, which holds only the points that exist, answers).
   *
   * @throws QueryExecutionException when two series with the same labels would have a value at the
   *     same step
   */
  static Value.Matrix evaluate(Expr expr, Evaluation query, long start, long end, long step) {
    return evaluate(expr, query, start, end, step, SeriesAggregation.MAX_CELLS);
  }

  /** {@link #evaluate} with another bound on an aggregation's accumulators, for tests. */
  static Value.Matrix evaluate(
      Expr expr, Evaluation query, long start, long end, long step, long maxCells) {
    int steps = 0;
    for (long t = start; t <= end; t += step) {
      steps++;
      if (t > Long.MAX_VALUE - step) {
        break;
      }
    }
    Expr e = Evaluation.unwrap(expr);
    List<Value.Series> out;
    if (e instanceof Aggregate a) {
      List<Value.Series> input =
          points((Call) Evaluation.unwrap(a.expr()), query, start, step, steps);
      gathered(input); // fails where the per-step evaluation fails
      out = SeriesAggregation.aggregate(a, input, query, start, step, steps, maxCells);
      if (out == null) {
        return null;
      }
    } else {
      out = points((Call) e, query, start, step, steps);
      for (Value.Series s : out) {
        query.addSamples(s.size());
      }
      out = gathered(out);
    }
    out.sort((x, y) -> x.labels().compareTo(y.labels()));
    return new Value.Matrix(out);
  }

  /**
   * The points of {@code call} per selected series with any, in the order of the selector's series
   * (the order of each step's vector in the per-step evaluation), labelled as the function labels
   * them; not gathered by labels.
   */
  private static List<Value.Series> points(
      Call call, Evaluation query, long start, long step, int steps) {
    PromFunction f = call.function();
    int matrixArg = f.argTypes().indexOf(ValueType.MATRIX);
    MatrixSelector ms = (MatrixSelector) Evaluation.unwrap(call.args().get(matrixArg));
    double param = Double.NaN;
    for (int i = 0; i < call.args().size(); i++) {
      if (i != matrixArg) {
        param = ((NumberLiteral) Evaluation.unwrap(call.args().get(i))).value();
      }
    }
    long offset = ms.selector().offsetMillis();
    long range = ms.rangeMillis();
    int minSamples = Functions.minSamples(f);
    List<Value.Series> out = new ArrayList<>();
    long[] times = new long[steps];
    double[] values = new double[steps];
    for (Loaded s : query.data(ms.selector())) {
      query.checkDeadline();
      long[] ts = s.timestamps();
      double[] vs = s.values();
      int lo = 0;
      int hi = 0;
      int n = 0;
      long t = start;
      for (int k = 0; k < steps; k++, t += step) {
        long rangeEnd = t - offset;
        long rangeStart = rangeEnd - range;
        while (lo < ts.length && ts[lo] < rangeStart) {
          lo++;
        }
        if (hi < lo) {
          hi = lo;
        }
        while (hi < ts.length && ts[hi] <= rangeEnd) {
          hi++;
        }
        if (hi - lo < minSamples) {
          continue;
        }
        times[n] = t;
        values[n++] =
            Functions.rangeValue(f, ts, vs, lo, hi, rangeStart, rangeEnd, range, param, t);
      }
      if (n > 0) {
        LabelSet labels = f.keepsMetricName() ? s.labels() : s.labels().withoutMetricName();
        out.add(new Value.Series(labels, Arrays.copyOf(times, n), Arrays.copyOf(values, n)));
      }
    }
    return out;
  }

  /**
   * The series with their points gathered by labels, as the per-step evaluation gathers each step's
   * elements: series whose labels became the same when the metric name was dropped make one series,
   * or, when two of them have a value at the same step, fail as {@link Evaluator#unique} fails at
   * that step.
   */
  static List<Value.Series> gathered(List<Value.Series> series) {
    Map<LabelSet, Value.Series> byLabels = new HashMap<>(series.size() * 2);
    boolean merged = false;
    for (Value.Series s : series) {
      Value.Series other = byLabels.putIfAbsent(s.labels(), s);
      if (other != null) {
        if (shareATime(s.timestamps(), other.timestamps())) {
          throw new QueryExecutionException("vector cannot contain metrics with the same labelset");
        }
        byLabels.put(s.labels(), merged(other, s));
        merged = true;
      }
    }
    return merged ? new ArrayList<>(byLabels.values()) : series;
  }

  private static boolean shareATime(long[] a, long[] b) {
    int i = 0;
    int j = 0;
    while (i < a.length && j < b.length) {
      if (a[i] == b[j]) {
        return true;
      }
      if (a[i] < b[j]) {
        i++;
      } else {
        j++;
      }
    }
    return false;
  }

  /** The points of both series, which have no time in common, in time order. */
  private static Value.Series merged(Value.Series a, Value.Series b) {
    long[] times = new long[a.size() + b.size()];
    double[] values = new double[times.length];
    int n = 0;
    int i = 0;
    int j = 0;
    while (i < a.size() || j < b.size()) {
      if (j == b.size() || (i < a.size() && a.timestamps()[i] < b.timestamps()[j])) {
        times[n] = a.timestamps()[i];
        values[n++] = a.values()[i++];
      } else {
        times[n] = b.timestamps()[j];
        values[n++] = b.values()[j++];
      }
    }
    return new Value.Series(a.labels(), times, values);
  }
}
