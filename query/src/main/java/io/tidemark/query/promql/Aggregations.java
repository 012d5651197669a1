package io.tidemark.query.promql;

import io.tidemark.query.promql.Expr.Aggregate;
import io.tidemark.query.promql.Value.Element;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Aggregation operators at one instant, as Prometheus 2.42: elements are grouped by the {@code by}
 * labels (or all but the {@code without} labels and the metric name); groups come out in the order
 * they first appear; {@code topk} and {@code bottomk} keep each element's labels, the others give
 * the group's labels.
 */
final class Aggregations {

  private Aggregations() {}

  /** One group being aggregated. */
  private static final class Group {
    final LabelSet labels;
    final List<Element> elements = new ArrayList<>();

    Group(LabelSet labels) {
      this.labels = labels;
    }
  }

  static Value.Vector aggregate(Evaluator ev, Aggregate a, long t) {
    double param = a.param() == null ? Double.NaN : ev.scalar(a.param(), t);
    Value.Vector input = ev.vector(a.expr(), t);
    Map<LabelSet, Group> groups = new LinkedHashMap<>();
    for (Element e : input.elements()) {
      LabelSet key =
          a.without() ? e.labels().dropWithName(a.grouping()) : e.labels().keep(a.grouping());
      groups.computeIfAbsent(key, Group::new).elements.add(e);
    }
    List<Element> out = new ArrayList<>();
    for (Group g : groups.values()) {
      ev.query().tick();
      switch (a.op()) {
        case TOPK, BOTTOMK -> out.addAll(select(a.op() == AggregateOp.TOPK, param, g.elements));
        default -> out.add(new Element(g.labels, reduce(a.op(), param, g.elements)));
      }
    }
    return new Value.Vector(t, out);
  }

  private static double reduce(AggregateOp op, double param, List<Element> elements) {
    int n = elements.size();
    switch (op) {
      case COUNT:
        return n;
      case SUM:
        {
          // Prometheus 2.42 sums aggregations plainly, in order (compensation came later).
          double sum = elements.get(0).value();
          for (int i = 1; i < n; i++) {
            sum += elements.get(i).value();
          }
          return sum;
        }
      case AVG:
        return average(elements);
      case MIN:
        {
          double min = elements.get(0).value();
          for (Element e : elements) {
            if (min > e.value() || Double.isNaN(min)) {
              min = e.value();
            }
          }
          return min;
        }
      case MAX:
        {
          double max = elements.get(0).value();
          for (Element e : elements) {
            if (max < e.value() || Double.isNaN(max)) {
              max = e.value();
            }
          }
          return max;
        }
      case QUANTILE:
        {
          double[] values = new double[n];
          for (int i = 0; i < n; i++) {
            values[i] = elements.get(i).value();
          }
          return Functions.quantile(param, values);
        }
      default:
        throw new IllegalStateException("not a reducing aggregation: " + op);
    }
  }

  /**
   * The mean as Prometheus 2.42 computes it: incrementally, each step divided by the count first so
   * that large values do not overflow; an infinite mean stays unless a NaN or the opposite infinity
   * comes.
   */
  private static double average(List<Element> elements) {
    double mean = elements.get(0).value();
    double count = 1;
    for (int i = 1; i < elements.size(); i++) {
      double f = elements.get(i).value();
      count++;
      if (Double.isInfinite(mean)) {
        if (Double.isInfinite(f) && (mean > 0) == (f > 0)) {
          continue;
        }
        if (!Double.isInfinite(f) && !Double.isNaN(f)) {
          continue;
        }
      }
      mean += f / count - mean / count;
    }
    return mean;
  }

  /** {@code topk}/{@code bottomk}: the k largest/smallest, NaN counting as the least wanted. */
  private static List<Element> select(boolean top, double param, List<Element> elements) {
    // Go converts the parameter with int64(), which gives the minimum for NaN and out of range.
    if (!(param >= -9.2e18 && param <= 9.2e18)) {
      return List.of();
    }
    long k = (long) param;
    if (k < 1) {
      return List.of();
    }
    Comparator<Element> wanted =
        top
            ? (a, b) -> compareNaNLow(b.value(), a.value())
            : (a, b) -> compareNaNHigh(a.value(), b.value());
    List<Element> sorted = new ArrayList<>(elements);
    sorted.sort(wanted);
    return sorted.subList(0, (int) Math.min(k, sorted.size()));
  }

  /** Ascending order with NaN below every number. */
  private static int compareNaNLow(double a, double b) {
    if (Double.isNaN(a) || Double.isNaN(b)) {
      return Double.isNaN(a) ? (Double.isNaN(b) ? 0 : -1) : 1;
    }
    return a < b ? -1 : a > b ? 1 : 0;
  }

  /** Ascending order with NaN above every number. */
  private static int compareNaNHigh(double a, double b) {
    if (Double.isNaN(a) || Double.isNaN(b)) {
      return Double.isNaN(a) ? (Double.isNaN(b) ? 0 : 1) : -1;
    }
    return a < b ? -1 : a > b ? 1 : 0;
  }
}
