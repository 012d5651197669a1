package io.tidemark.query.promql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The arithmetic of the range functions on hand-made windows, times in seconds. */
class FunctionsTest {

  private static long[] seconds(long... s) {
    long[] ms = new long[s.length];
    for (int i = 0; i < s.length; i++) {
      ms[i] = s[i] * 1000;
    }
    return ms;
  }

  /** increase() over the window [start, end] seconds. */
  private static double increase(long start, long end, long[] ts, double... vs) {
    return Functions.extrapolatedRate(
        ts, vs, 0, vs.length, start * 1000, end * 1000, (end - start) * 1000, true, false);
  }

  @Test
  void extrapolatesToBothEdgesWhenSamplesAreClose() {
    // 9 over 90 s, 10 s and 20 s from the edges, both under 1.1 x 30 s: 9 * 120 / 90.
    assertThat(increase(0, 120, seconds(10, 40, 70, 100), 5, 8, 11, 14)).isEqualTo(12);
  }

  @Test
  void extrapolatesHalfAnIntervalTowardsAFarEdge() {
    // 60 s to the start is over 1.1 x 30 s: only 15 s are added. 6 * (60 + 15 + 0) / 60.
    assertThat(increase(0, 120, seconds(60, 90, 120), 100, 103, 106)).isEqualTo(7.5);
  }

  @Test
  void neverExtrapolatesACounterBelowZero() {
    // 9 over 90 s from 0.5: the counter was 0 at 5 s before the first sample, closer than the
    // 10 s to the window start. 9 * (90 + 5 + 20) / 90.
    assertThat(increase(0, 120, seconds(10, 40, 70, 100), 0.5, 3.5, 6.5, 9.5)).isEqualTo(11.5);
  }

  @Test
  void appliesTheZeroLimitBeforeTheThresholdAsPrometheus242Does() {
    // 20 over 100 s from 8: zero is 40 s before the first sample. The start is 200 s away, far
    // beyond 1.1 x 50 s, but 2.42 first shortens it to the 40 s, which passes the test:
    // 20 * (100 + 40) / 100 = 28. (Prometheus 3 tests first, adds 25 s, and answers 25.)
    assertThat(increase(0, 300, seconds(200, 250, 300), 8, 18, 28)).isEqualTo(28);
  }

  @Test
  void countsTheValueBeforeEachResetAsIncrease() {
    // 5 -> 8 (+3), reset to 2 (+2), -> 5 (+3), then another reset to 1 (+1): 9 over 120 s,
    // extrapolated by 0 s and 0 s.
    assertThat(increase(10, 130, seconds(10, 40, 70, 100, 130), 5, 8, 2, 5, 1)).isEqualTo(9);
  }

  @Test
  void deltaExtrapolatesAGaugeEitherWay() {
    double delta =
        Functions.extrapolatedRate(
            seconds(10, 40, 70), new double[] {10, 4, 7}, 0, 3, 0, 90_000, 90_000, false, false);
    // -3 over 60 s, 10 s and 20 s to the edges: -3 * 90 / 60; no zero limit for gauges.
    assertThat(delta).isEqualTo(-4.5);
  }

  @Test
  void irateCountsFromZeroAfterAReset() {
    assertThat(Functions.instantRate(seconds(0, 15, 30), new double[] {10, 20, 50}, 3))
        .isEqualTo(2);
    assertThat(Functions.instantRate(seconds(0, 15, 30), new double[] {10, 20, 5}, 3))
        .isEqualTo(5 / 15.0);
  }

  @Test
  void regressionOfAConstantSeriesIsFlat() {
    assertThat(Functions.linearRegression(seconds(0, 10), new double[] {7, 7}, 0, 2, 0))
        .containsExactly(0, 7);
    assertThat(
            Functions.linearRegression(
                seconds(0, 10),
                new double[] {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY},
                0,
                2,
                0))
        .containsExactly(Double.NaN, Double.NaN);
  }

  @Test
  void quantileSortsNaNFirstAndClampsOutsideZeroToOne() {
    assertThat(Functions.quantile(0.5, new double[] {4, 1, 3, 2, 5})).isEqualTo(3);
    assertThat(Functions.quantile(0.75, new double[] {4, 1, 3, 2, 5})).isEqualTo(4);
    assertThat(Functions.quantile(0, new double[] {2, Double.NaN, 1})).isNaN();
    assertThat(Functions.quantile(1, new double[] {2, Double.NaN, 1})).isEqualTo(2);
    assertThat(Functions.quantile(-0.1, new double[] {1})).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(Functions.quantile(Double.NaN, new double[] {1})).isNaN();
    assertThat(Functions.quantile(0.5, new double[0])).isNaN();
  }

  @Test
  void sumOverTimeCompensatesAndAvgOverTimeKeepsInfinities() {
    double[] values = {1e100, 1, -1e100};
    // Compensated summation keeps the 1 a plain sum loses.
    KahanSum sum = new KahanSum();
    for (double v : values) {
      sum.add(v);
    }
    assertThat(sum.value()).isEqualTo(1);
    assertThat(Functions.avg(new double[] {Double.POSITIVE_INFINITY, 1, 2}, 0, 3))
        .isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(
            Functions.avg(new double[] {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}, 0, 2))
        .isNaN();
    assertThat(Functions.avg(new double[] {1e308, 1e308}, 0, 2)).isEqualTo(1e308);
  }

  @Test
  void minAndMaxSkipALeadingNaN() {
    double[] values = {Double.NaN, 3, 1, 2};
    assertThat(Functions.min(values, 0, 4)).isEqualTo(1);
    assertThat(Functions.max(values, 0, 4)).isEqualTo(3);
  }
}
