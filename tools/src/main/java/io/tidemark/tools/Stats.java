package io.tidemark.tools;

import java.util.Collection;
import org.HdrHistogram.DoubleHistogram;

/**
 * Order statistics of measured values (scrape durations, query latencies): quantiles read from an
 * HdrHistogram {@link DoubleHistogram} of the values.
 *
 * <p>Quantiles are nearest-rank: the value with at least the asked share of the values at or below
 * it, reported as the histogram's bucket holds it, within {@value #SIGNIFICANT_DIGITS} significant
 * digits of the measured value. Values must not be negative.
 *
 * <p>Thread safety: stateless; safe from any thread.
 */
final class Stats {

  /** Significant decimal digits the histogram keeps: within 0.01 % of each value. */
  static final int SIGNIFICANT_DIGITS = 4;

  private Stats() {}

  /** A histogram of {@code values}, each recorded once. */
  static DoubleHistogram histogram(Collection<Double> values) {
    DoubleHistogram h = new DoubleHistogram(SIGNIFICANT_DIGITS);
    for (double v : values) {
      h.recordValue(v);
    }
    return h;
  }

  /** The {@code q}-quantile (0 to 1) of {@code values}; NaN when there are none. */
  static double quantile(Collection<Double> values, double q) {
    if (q < 0 || q > 1) {
      throw new IllegalArgumentException("quantile " + q + " is not between 0 and 1");
    }
    return values.isEmpty() ? Double.NaN : histogram(values).getValueAtPercentile(q * 100);
  }

  /**
   * The median: the middle value, or the mean of the two middle ones for an even count; NaN when
   * there are none.
   */
  static double median(Collection<Double> values) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    DoubleHistogram h = histogram(values);
    long n = h.getTotalCount();
    double lower = h.getValueAtPercentile(50);
    return n % 2 == 1 ? lower : (lower + h.getValueAtPercentile((n / 2 + 1) * 100.0 / n)) / 2;
  }
}
