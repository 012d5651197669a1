package io.tidemark.query.promql;

import io.tidemark.query.promql.Expr.Binary;
import io.tidemark.query.promql.Expr.VectorMatching;
import io.tidemark.query.promql.Value.Element;
import io.tidemark.query.promql.Value.Scalar;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Binary operators at one instant, as Prometheus 2.42: arithmetic drops the metric name;
 * comparisons keep the elements for which they hold (with the vector's value and labels) unless
 * {@code bool}, which gives 0 or 1 and drops the metric name; two vectors pair up one-to-one on all
 * labels but the name, or on/ignoring the listed ones.
 */
final class BinaryOps {

  private BinaryOps() {}

  static Value evaluate(Evaluator ev, Binary b, long t) {
    Value lhs = ev.eval(b.lhs(), t);
    Value rhs = ev.eval(b.rhs(), t);
    if (lhs instanceof Scalar l && rhs instanceof Scalar r) {
      double value = apply(b.op(), l.value(), r.value());
      if (b.op().isComparison()) {
        value = compare(b.op(), l.value(), r.value()) ? 1 : 0;
      }
      return new Scalar(t, value);
    }
    if (lhs instanceof Value.Vector l && rhs instanceof Scalar r) {
      return vectorScalar(b, l, r.value(), false, t);
    }
    if (lhs instanceof Scalar l && rhs instanceof Value.Vector r) {
      return vectorScalar(b, r, l.value(), true, t);
    }
    return vectorVector(ev, b, (Value.Vector) lhs, (Value.Vector) rhs, t);
  }

  private static Value.Vector vectorScalar(
      Binary b, Value.Vector vector, double scalar, boolean scalarOnLeft, long t) {
    BinaryOp op = b.op();
    List<Element> out = new ArrayList<>(vector.elements().size());
    for (Element e : vector.elements()) {
      double l = scalarOnLeft ? scalar : e.value();
      double r = scalarOnLeft ? e.value() : scalar;
      if (op.isComparison()) {
        boolean holds = compare(op, l, r);
        if (b.returnBool()) {
          out.add(new Element(e.labels().withoutMetricName(), holds ? 1 : 0));
        } else if (holds) {
          out.add(e);
        }
      } else {
        out.add(new Element(e.labels().withoutMetricName(), apply(op, l, r)));
      }
    }
    return Evaluator.unique(new Value.Vector(t, out));
  }

  private static Value.Vector vectorVector(
      Evaluator ev, Binary b, Value.Vector lhs, Value.Vector rhs, long t) {
    VectorMatching matching = b.matching();
    BinaryOp op = b.op();
    Map<LabelSet, Element> right = new HashMap<>(rhs.elements().size() * 2);
    for (Element r : rhs.elements()) {
      LabelSet signature = signature(r.labels(), matching);
      Element duplicate = right.putIfAbsent(signature, r);
      if (duplicate != null) {
        throw new QueryExecutionException(
            "found duplicate series for the match group "
                + signature
                + " on the right hand-side of the operation: ["
                + r.labels()
                + ", "
                + duplicate.labels()
                + "];many-to-many matching not allowed: matching labels must be unique on one side");
      }
    }
    Set<LabelSet> matched = new HashSet<>();
    List<Element> out = new ArrayList<>();
    for (Element l : lhs.elements()) {
      ev.query().tick();
      LabelSet signature = signature(l.labels(), matching);
      Element r = right.get(signature);
      if (r == null) {
        continue;
      }
      double value;
      if (op.isComparison()) {
        boolean holds = compare(op, l.value(), r.value());
        if (!b.returnBool() && !holds) {
          continue;
        }
        value = b.returnBool() ? (holds ? 1 : 0) : l.value();
      } else {
        value = apply(op, l.value(), r.value());
      }
      LabelSet labels = l.labels();
      if (!op.isComparison() || b.returnBool()) {
        labels = labels.withoutMetricName();
      }
      labels = matching.on() ? labels.keep(matching.labels()) : labels.drop(matching.labels());
      if (!matched.add(signature)) {
        throw new QueryExecutionException(
            "multiple matches for labels: many-to-one matching must be explicit"
                + " (group_left/group_right)");
      }
      out.add(new Element(labels, value));
    }
    return new Value.Vector(t, out);
  }

  private static LabelSet signature(LabelSet labels, VectorMatching matching) {
    return matching.on() ? labels.keep(matching.labels()) : labels.dropWithName(matching.labels());
  }

  /** An arithmetic operator with Go's float semantics. */
  static double apply(BinaryOp op, double l, double r) {
    return switch (op) {
      case ADD -> l + r;
      case SUB -> l - r;
      case MUL -> l * r;
      case DIV -> l / r;
      case MOD -> l % r; // Java's % on doubles is C's fmod, as Go's math.Mod
      case POW -> goPow(l, r);
      default -> l; // comparisons: the value of the left side, filtered by compare()
    };
  }

  static boolean compare(BinaryOp op, double l, double r) {
    return switch (op) {
      case EQLC -> l == r;
      case NEQ -> l != r;
      case GTR -> l > r;
      case LSS -> l < r;
      case GTE -> l >= r;
      case LTE -> l <= r;
      default -> throw new IllegalArgumentException("not a comparison: " + op);
    };
  }

  /** Go's {@code math.Pow}, which differs from Java's for a base of ±1. */
  static double goPow(double x, double y) {
    if (y == 0 || x == 1) {
      return 1;
    }
    if (x == -1 && Double.isInfinite(y)) {
      return 1;
    }
    return Math.pow(x, y);
  }
}
