package io.tidemark.collector.promtext;

/**
 * Receives the samples of a payload, in order. The label arrays are reused between calls: copy what
 * must outlive the call. Strings are cached by the parser, so repeated names and values are the
 * same instances from call to call.
 */
@FunctionalInterface
public interface SampleVisitor {

  /** Marks a sample without an explicit timestamp. */
  long NO_TIMESTAMP = Long.MIN_VALUE;

  /**
   * One sample.
   *
   * @param metric the metric name of the sample (with {@code _sum}, {@code _bucket}, ... suffixes)
   * @param type the type of its family
   * @param labelNames label names, the first {@code labelCount} valid, in payload order
   * @param labelValues the matching values
   * @param labelCount how many labels
   * @param value the value
   * @param timestampMillis the explicit timestamp, or {@link #NO_TIMESTAMP}
   */
  void sample(
      String metric,
      MetricType type,
      String[] labelNames,
      String[] labelValues,
      int labelCount,
      double value,
      long timestampMillis);
}
