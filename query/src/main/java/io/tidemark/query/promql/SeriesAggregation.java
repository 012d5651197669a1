package io.tidemark.query.promql;

import io.tidemark.query.promql.Expr.Aggregate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code sum}, {@code avg}, {@code min}, {@code max} and {@code count} of the series {@link
 * SeriesRange} computed, every step at once: each input series' points are folded into its group's
 * accumulators, one per step, in the order of the input series, which is the order of each step's
 * vector in the per-step evaluation, so every sum and mean is made of the same additions in the
 * same order as {@link Aggregations} makes it. Confined to the thread running the query.
 */
final class SeriesAggregation {

  /**
   * The most accumulators (groups times steps) an aggregation allocates: 4 M, 64 MB. Beyond it, for
   * example {@code sum without (pod)} over many steps, the per-step evaluation answers.
   */
  static final long MAX_CELLS = 4_000_000L;

  private SeriesAggregation() {}

  /** One group's value and count at every step. */
  private static final class Group {
    final LabelSet labels;
    double[] values;
    double[] counts;

    Group(LabelSet labels) {
      this.labels = labels;
    }
  }

  /**
   * The result series of {@code a} over {@code input}, whose points lie on the steps {@code start +
   * k * step}, {@code k < steps}; counted against the samples limit. {@code null} when the groups
   * times the steps are more than {@code maxCells}.
   */
  static List<Value.Series> aggregate(
      Aggregate a,
      List<Value.Series> input,
      Evaluation query,
      long start,
      long step,
      int steps,
      long maxCells) {
    Map<LabelSet, Group> groups = new LinkedHashMap<>();
    Group[] groupOf = new Group[input.size()];
    for (int i = 0; i < groupOf.length; i++) {
      LabelSet labels = input.get(i).labels();
      LabelSet key = a.without() ? labels.dropWithName(a.grouping()) : labels.keep(a.grouping());
      groupOf[i] = groups.computeIfAbsent(key, Group::new);
    }
    if ((long) groups.size() * steps > maxCells) {
      return null;
    }
    for (Group g : groups.values()) {
      g.values = new double[steps];
      g.counts = new double[steps];
    }
    AggregateOp op = a.op();
    for (int j = 0; j < groupOf.length; j++) {
      query.tick();
      Value.Series s = input.get(j);
      Group g = groupOf[j];
      long[] times = s.timestamps();
      double[] vs = s.values();
      for (int i = 0; i < times.length; i++) {
        int k = (int) ((times[i] - start) / step);
        double v = vs[i];
        double count = g.counts[k] + 1;
        g.counts[k] = count;
        if (count == 1) {
          g.values[k] = v;
          continue;
        }
        g.values[k] = fold(op, g.values[k], v, count);
      }
    }
    List<Value.Series> out = new ArrayList<>(groups.size());
    for (Group g : groups.values()) {
      int n = 0;
      for (double c : g.counts) {
        if (c > 0) {
          n++;
        }
      }
      long[] times = new long[n];
      double[] values = new double[n];
      int j = 0;
      for (int k = 0; k < steps; k++) {
        if (g.counts[k] > 0) {
          times[j] = start + k * step;
          values[j++] = op == AggregateOp.COUNT ? g.counts[k] : g.values[k];
        }
      }
      query.addSamples(n);
      out.add(new Value.Series(g.labels, times, values));
    }
    return out;
  }

  /**
   * The aggregate after one more value {@code v}, the {@code count}-th (at least the second), as
   * {@link Aggregations} folds it.
   */
  private static double fold(AggregateOp op, double acc, double v, double count) {
    switch (op) {
      case SUM:
        return acc + v;
      case MIN:
        return acc > v || Double.isNaN(acc) ? v : acc;
      case MAX:
        return acc < v || Double.isNaN(acc) ? v : acc;
      case AVG:
        if (Double.isInfinite(acc)) {
          if (Double.isInfinite(v) && (acc > 0) == (v > 0)) {
            return acc;
          }
          if (!Double.isInfinite(v) && !Double.isNaN(v)) {
            return acc;
          }
        }
        return acc + (v / count - acc / count);
      case COUNT:
        return acc;
      default:
        throw new IllegalStateException("not folded series by series: " + op);
    }
  }
}
