package io.tidemark.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatsTest {

  @Test
  void quantilesAreNearestRankSoAlwaysAMeasuredValue() {
    List<Double> hundred = new ArrayList<>();
    for (int i = 100; i >= 1; i--) {
      hundred.add((double) i);
    }
    assertThat(Stats.quantile(hundred, 0.50)).isEqualTo(50);
    assertThat(Stats.quantile(hundred, 0.99)).isEqualTo(99);
    assertThat(Stats.quantile(hundred, 1.0)).isEqualTo(100);
    assertThat(Stats.quantile(hundred, 0.0)).isEqualTo(1);
    assertThat(Stats.quantile(List.of(3.0, 1.0, 2.0), 0.5)).isEqualTo(2);
  }

  @Test
  void medianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
    assertThat(Stats.median(List.of(5.0, 1.0, 3.0))).isEqualTo(3);
    assertThat(Stats.median(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(2.5);
  }

  @Test
  void nothingMeasuredIsNaN() {
    assertThat(Stats.median(List.of())).isNaN();
    assertThat(Stats.quantile(List.of(), 0.5)).isNaN();
    assertThatThrownBy(() -> Stats.quantile(List.of(1.0), 1.5))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
