package io.tidemark.query.promql;

import io.tidemark.query.promql.Evaluation.Loaded;
import io.tidemark.query.promql.Expr.Aggregate;
import io.tidemark.query.promql.Expr.Binary;
import io.tidemark.query.promql.Expr.Call;
import io.tidemark.query.promql.Expr.MatrixSelector;
import io.tidemark.query.promql.Expr.Negation;
import io.tidemark.query.promql.Expr.NumberLiteral;
import io.tidemark.query.promql.Expr.Paren;
import io.tidemark.query.promql.Expr.StringLiteral;
import io.tidemark.query.promql.Expr.VectorSelector;
import io.tidemark.query.promql.Value.Element;
import io.tidemark.query.promql.Value.Scalar;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Evaluates a prepared expression at one instant; a range query calls it once per step. Selectors
 * answer from the samples {@link Evaluation} loaded; functions, aggregations and binary operators
 * follow Prometheus 2.42.
 */
final class Evaluator {

  private final Evaluation query;

  Evaluator(Evaluation query) {
    this.query = query;
  }

  Evaluation query() {
    return query;
  }

  /** The value of {@code e} at {@code t} (milliseconds). */
  Value eval(Expr e, long t) {
    query.tick();
    if (e instanceof NumberLiteral n) {
      return new Scalar(t, n.value());
    }
    if (e instanceof StringLiteral s) {
      return new Value.Str(t, s.value());
    }
    if (e instanceof Paren p) {
      return eval(p.expr(), t);
    }
    if (e instanceof VectorSelector vs) {
      return select(vs, t);
    }
    if (e instanceof MatrixSelector ms) {
      return selectRange(ms, t);
    }
    if (e instanceof Call call) {
      return Functions.call(this, call, t);
    }
    if (e instanceof Aggregate a) {
      return Aggregations.aggregate(this, a, t);
    }
    if (e instanceof Binary b) {
      return BinaryOps.evaluate(this, b, t);
    }
    if (e instanceof Negation n) {
      return negate(n, t);
    }
    throw new IllegalStateException("unknown expression " + e);
  }

  Value.Vector vector(Expr e, long t) {
    return (Value.Vector) eval(e, t);
  }

  double scalar(Expr e, long t) {
    return ((Scalar) eval(e, t)).value();
  }

  /** The newest sample of each series in {@code [t - offset - 5m, t - offset]}. */
  private Value.Vector select(VectorSelector vs, long t) {
    long ref = t - vs.offsetMillis();
    List<Evaluation.Rolled> rolled = query.rolled(vs);
    if (rolled != null) {
      return BucketFunctions.select(query, rolled, ref, t);
    }
    List<Element> out = new ArrayList<>();
    for (Loaded s : query.data(vs)) {
      int i = upperBound(s.timestamps(), ref) - 1;
      if (i < 0 || s.timestamps()[i] < ref - Evaluation.LOOKBACK_MILLIS) {
        continue;
      }
      double v = s.values()[i];
      if (Evaluation.isStale(v)) {
        continue;
      }
      out.add(new Element(s.labels(), v));
    }
    return new Value.Vector(t, out);
  }

  /** The samples of each series in {@code [t - offset - range, t - offset]}. */
  private Value.Matrix selectRange(MatrixSelector ms, long t) {
    long ref = t - ms.selector().offsetMillis();
    List<Value.Series> out = new ArrayList<>();
    for (Loaded s : query.data(ms.selector())) {
      int lo = lowerBound(s.timestamps(), ref - ms.rangeMillis());
      int hi = upperBound(s.timestamps(), ref);
      if (hi > lo) {
        out.add(
            new Value.Series(
                s.labels(),
                Arrays.copyOfRange(s.timestamps(), lo, hi),
                Arrays.copyOfRange(s.values(), lo, hi)));
      }
    }
    return new Value.Matrix(out);
  }

  private Value negate(Negation n, long t) {
    Value v = eval(n.expr(), t);
    if (v instanceof Scalar s) {
      return new Scalar(t, -s.value());
    }
    List<Element> out = new ArrayList<>();
    for (Element e : ((Value.Vector) v).elements()) {
      out.add(new Element(e.labels().withoutMetricName(), -e.value()));
    }
    return unique(new Value.Vector(t, out));
  }

  /** Prometheus' check that dropping metric names left no two elements with the same labels. */
  static Value.Vector unique(Value.Vector v) {
    if (v.elements().size() > 1) {
      Set<LabelSet> seen = new HashSet<>(v.elements().size() * 2);
      for (Element e : v.elements()) {
        if (!seen.add(e.labels())) {
          throw new QueryExecutionException("vector cannot contain metrics with the same labelset");
        }
      }
    }
    return v;
  }

  /** The first index whose timestamp is at least {@code t}. */
  static int lowerBound(long[] timestamps, long t) {
    int lo = 0;
    int hi = timestamps.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (timestamps[mid] < t) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** The first index whose timestamp is after {@code t}. */
  static int upperBound(long[] timestamps, long t) {
    int lo = 0;
    int hi = timestamps.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (timestamps[mid] <= t) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
