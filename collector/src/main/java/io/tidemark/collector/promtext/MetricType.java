package io.tidemark.collector.promtext;

/** The type a {@code # TYPE} line gives a metric family. */
public enum MetricType {
  /** A cumulative counter. */
  COUNTER,
  /** A value that goes up and down. */
  GAUGE,
  /** A summary: quantiles, {@code _sum} and {@code _count}. */
  SUMMARY,
  /** A classic histogram: {@code _bucket} with {@code le}, {@code _sum}, {@code _count}. */
  HISTOGRAM,
  /** A histogram of a gauge (an expfmt extension). */
  GAUGE_HISTOGRAM,
  /** No type given. */
  UNTYPED
}
