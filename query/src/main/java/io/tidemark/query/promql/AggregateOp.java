package io.tidemark.query.promql;

import java.util.Locale;

/** The aggregation operators Tidemark evaluates. */
public enum AggregateOp {
  /** Sum of the group. */
  SUM,
  /** Arithmetic mean. */
  AVG,
  /** Smallest value. */
  MIN,
  /** Largest value. */
  MAX,
  /** Number of elements. */
  COUNT,
  /** The k largest elements, labels kept. */
  TOPK,
  /** The k smallest elements, labels kept. */
  BOTTOMK,
  /** The φ-quantile, interpolated. */
  QUANTILE;

  /** Aggregators of Prometheus 2.42 that Tidemark rejects by name. */
  static final java.util.Set<String> UNSUPPORTED =
      java.util.Set.of("stddev", "stdvar", "count_values", "group");

  /** The keyword as written. */
  public String keyword() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether the operator takes a parameter before its expression. */
  public boolean hasParameter() {
    return this == TOPK || this == BOTTOMK || this == QUANTILE;
  }

  /** The operator for a keyword in any case, or {@code null}. */
  static AggregateOp byKeyword(String word) {
    for (AggregateOp op : values()) {
      if (op.keyword().equalsIgnoreCase(word)) {
        return op;
      }
    }
    return null;
  }
}
