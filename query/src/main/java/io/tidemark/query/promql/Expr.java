package io.tidemark.query.promql;

import io.tidemark.query.format.GoNumbers;
import io.tidemark.storage.LabelMatcher;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A node of a parsed PromQL expression. Every node knows its {@link ValueType} (checked by the
 * parser, so the evaluator never meets an ill-typed tree) and the 0-based offset in the query where
 * it starts. {@link #toString()} prints the expression back with every binary operation in
 * parentheses, which shows how it was grouped.
 */
public sealed interface Expr {

  /** The type of the value the expression evaluates to. */
  ValueType type();

  /** The 0-based offset in the query where the expression starts. */
  int pos();

  /**
   * A number.
   *
   * @param value the value
   * @param pos where it starts
   */
  record NumberLiteral(double value, int pos) implements Expr {
    @Override
    public ValueType type() {
      return ValueType.SCALAR;
    }

    @Override
    public String toString() {
      return GoNumbers.formatF(value);
    }
  }

  /**
   * A string.
   *
   * @param value the unquoted value
   * @param pos where it starts
   */
  record StringLiteral(String value, int pos) implements Expr {
    @Override
    public ValueType type() {
      return ValueType.STRING;
    }

    @Override
    public String toString() {
      return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
  }

  /**
   * An instant vector selector: {@code name{matchers} offset d}.
   *
   * @param name the metric name written before the braces, or {@code null}
   * @param matchers every matcher, including {@code __name__="name"} when a name is written
   * @param offsetMillis the offset; negative looks forward
   * @param pos where it starts
   */
  record VectorSelector(String name, List<LabelMatcher> matchers, long offsetMillis, int pos)
      implements Expr {

    /** Copies the matchers. */
    public VectorSelector {
      matchers = List.copyOf(matchers);
    }

    @Override
    public ValueType type() {
      return ValueType.VECTOR;
    }

    VectorSelector withOffset(long offset) {
      return new VectorSelector(name, matchers, offset, pos);
    }

    @Override
    public String toString() {
      List<LabelMatcher> shown =
          name == null
              ? matchers
              : matchers.stream()
                  .filter(
                      m ->
                          !(m.name().equals(LabelMatcher.METRIC_NAME)
                              && m.type() == LabelMatcher.Type.EQUAL
                              && m.value().equals(name)))
                  .toList();
      String out = Objects.requireNonNullElse(name, "");
      if (!shown.isEmpty() || name == null) {
        out +=
            shown.stream().map(LabelMatcher::toString).collect(Collectors.joining(",", "{", "}"));
      }
      return out + (offsetMillis == 0 ? "" : " offset " + Durations.format(offsetMillis));
    }
  }

  /**
   * A range vector selector: {@code selector[range]}; the offset is the selector's.
   *
   * @param selector the series and offset
   * @param rangeMillis the range, positive
   * @param pos where it starts
   */
  record MatrixSelector(VectorSelector selector, long rangeMillis, int pos) implements Expr {
    @Override
    public ValueType type() {
      return ValueType.MATRIX;
    }

    @Override
    public String toString() {
      VectorSelector bare = selector.withOffset(0);
      long offset = selector.offsetMillis();
      return bare
          + "["
          + Durations.format(rangeMillis)
          + "]"
          + (offset == 0 ? "" : " offset " + Durations.format(offset));
    }
  }

  /**
   * A function call.
   *
   * @param function the function
   * @param args the arguments, type-checked
   * @param pos where it starts
   */
  record Call(PromFunction function, List<Expr> args, int pos) implements Expr {

    /** Copies the arguments. */
    public Call {
      args = List.copyOf(args);
    }

    @Override
    public ValueType type() {
      return function.returnType();
    }

    @Override
    public String toString() {
      return function.functionName()
          + args.stream().map(Expr::toString).collect(Collectors.joining(", ", "(", ")"));
    }
  }

  /**
   * An aggregation: {@code op by|without (labels) ([param,] expr)}.
   *
   * @param op the operator
   * @param expr the instant vector aggregated
   * @param param the parameter of {@code topk}, {@code bottomk} and {@code quantile}, else {@code
   *     null}
   * @param grouping the labels of {@code by} or {@code without}
   * @param without whether {@code grouping} lists the labels to drop
   * @param pos where it starts
   */
  record Aggregate(
      AggregateOp op, Expr expr, Expr param, List<String> grouping, boolean without, int pos)
      implements Expr {

    /** Copies the grouping. */
    public Aggregate {
      grouping = List.copyOf(grouping);
    }

    @Override
    public ValueType type() {
      return ValueType.VECTOR;
    }

    @Override
    public String toString() {
      String group =
          without || !grouping.isEmpty()
              ? (without ? " without (" : " by (") + String.join(", ", grouping) + ") "
              : "";
      return op.keyword() + group + "(" + (param == null ? "" : param + ", ") + expr + ")";
    }
  }

  /**
   * How the elements of two vectors are paired: {@code on(labels)} or {@code ignoring(labels)}.
   *
   * @param on whether {@code labels} are the only ones compared
   * @param labels the labels of {@code on} or {@code ignoring}
   */
  record VectorMatching(boolean on, List<String> labels) {

    /** Plain one-to-one matching on all labels but the metric name. */
    public static final VectorMatching DEFAULT = new VectorMatching(false, List.of());

    /** Copies the labels. */
    public VectorMatching {
      labels = List.copyOf(labels);
    }

    @Override
    public String toString() {
      return (on ? "on(" : "ignoring(") + String.join(", ", labels) + ")";
    }
  }

  /**
   * A binary operation.
   *
   * @param op the operator
   * @param lhs the left operand
   * @param rhs the right operand
   * @param returnBool whether a comparison returns 0 or 1 instead of filtering
   * @param matching how vector elements pair up; {@code null} unless both sides are vectors
   * @param pos where the operator is
   */
  record Binary(
      BinaryOp op, Expr lhs, Expr rhs, boolean returnBool, VectorMatching matching, int pos)
      implements Expr {
    @Override
    public ValueType type() {
      return lhs.type() == ValueType.VECTOR || rhs.type() == ValueType.VECTOR
          ? ValueType.VECTOR
          : ValueType.SCALAR;
    }

    @Override
    public String toString() {
      String modifiers =
          (returnBool ? " bool" : "")
              + (matching == null || matching.equals(VectorMatching.DEFAULT) ? "" : " " + matching);
      return "(" + lhs + " " + op.symbol() + modifiers + " " + rhs + ")";
    }
  }

  /**
   * Negation: {@code -expr}.
   *
   * @param expr the operand, a scalar or an instant vector
   * @param pos where the minus sign is
   */
  record Negation(Expr expr, int pos) implements Expr {
    @Override
    public ValueType type() {
      return expr.type();
    }

    @Override
    public String toString() {
      return "-" + expr;
    }
  }

  /**
   * Parentheses, kept so that errors and printing follow what was written.
   *
   * @param expr the inner expression
   * @param pos where the opening parenthesis is
   */
  record Paren(Expr expr, int pos) implements Expr {
    @Override
    public ValueType type() {
      return expr.type();
    }

    @Override
    public String toString() {
      return expr instanceof Binary ? expr.toString() : "(" + expr + ")";
    }
  }
}
