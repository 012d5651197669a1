package io.tidemark.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class StatsTest {

  /** Within the histogram's significant digits of {@code expected}. */
  private static Offset<Double> near(double expected) {
    return within(Math.abs(expected) * Math.pow(10, -Stats.SIGNIFICANT_DIGITS + 1));
  }

  @Test
  void quantilesAreNearestRankSoAMeasuredValueToTheHistogramsPrecision() {
    List<Double> hundred = new ArrayList<>();
    for (int i = 100; i >= 1; i--) {
      hundred.add((double) i);
    }
    assertThat(Stats.quantile(hundred, 0.50)).isCloseTo(50, near(50));
    assertThat(Stats.quantile(hundred, 0.99)).isCloseTo(99, near(99));
    assertThat(Stats.quantile(hundred, 1.0)).isCloseTo(100, near(100));
    assertThat(Stats.quantile(hundred, 0.0)).isCloseTo(1, near(1));
    assertThat(Stats.quantile(List.of(3.0, 1.0, 2.0), 0.5)).isCloseTo(2, near(2));
    // scrape durations in seconds: milliseconds and below keep their digits
    assertThat(Stats.quantile(List.of(0.0123, 0.0004, 2.5), 0.5)).isCloseTo(0.0123, near(0.0123));
    assertThat(Stats.quantile(List.of(0.0, 0.0, 1.0), 0.5)).isZero();
  }

  @Test
  void medianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
    assertThat(Stats.median(List.of(5.0, 1.0, 3.0))).isCloseTo(3, near(3));
    assertThat(Stats.median(List.of(4.0, 1.0, 3.0, 2.0))).isCloseTo(2.5, near(2.5));
    for (int n = 1; n <= 300; n++) {
      List<Double> values = new ArrayList<>();
      for (int i = 1; i <= n; i++) {
        values.add(i * 1.5);
      }
      Collections.shuffle(values);
      double expected = (n + 1) / 2.0 * 1.5;
      assertThat(Stats.median(values)).as("median of %d", n).isCloseTo(expected, near(expected));
    }
  }

  @Test
  void nothingMeasuredIsNaN() {
    assertThat(Stats.median(List.of())).isNaN();
    assertThat(Stats.quantile(List.of(), 0.5)).isNaN();
    assertThatThrownBy(() -> Stats.quantile(List.of(1.0), 1.5))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
