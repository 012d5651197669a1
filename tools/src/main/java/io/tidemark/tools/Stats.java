package io.tidemark.tools;

import java.util.Arrays;
import java.util.Collection;

/** Order statistics of measured values: median and nearest-rank percentiles. */
final class Stats {

  private Stats() {}

  /**
   * The {@code q}-quantile (0 to 1) of {@code values} by the nearest-rank method: the smallest
   * value with at least {@code q} of the values at or below it, so always one of the values
   * measured. NaN when there are none.
   */
  static double quantile(Collection<Double> values, double q) {
    if (q < 0 || q > 1) {
      throw new IllegalArgumentException("quantile " + q + " is not between 0 and 1");
    }
    if (values.isEmpty()) {
      return Double.NaN;
    }
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(q * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }

  /**
   * The median: the middle value, or the mean of the two middle ones for an even count; NaN when
   * there are none.
   */
  static double median(Collection<Double> values) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(sorted);
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }
}
