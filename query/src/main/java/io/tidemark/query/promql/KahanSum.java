package io.tidemark.query.promql;

/**
 * Kahan-Babuška-Neumaier compensated summation, as Prometheus' {@code kahanSumInc}: the running sum
 * and its compensation. Not thread-safe.
 */
final class KahanSum {

  private double sum;
  private double c;

  KahanSum() {}

  KahanSum(double first) {
    this.sum = first;
  }

  void add(double inc) {
    double t = sum + inc;
    if (Double.isInfinite(t)) {
      c = 0;
    } else if (Math.abs(sum) >= Math.abs(inc)) {
      c += (sum - t) + inc;
    } else {
      c += (inc - t) + sum;
    }
    sum = t;
  }

  /** The uncompensated running sum. */
  double raw() {
    return sum;
  }

  /** The compensation term. */
  double compensation() {
    return c;
  }

  /** The compensated sum; an infinite sum stays as it is. */
  double value() {
    return Double.isInfinite(sum) ? sum : sum + c;
  }
}
