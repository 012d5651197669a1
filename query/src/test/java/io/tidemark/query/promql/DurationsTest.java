package io.tidemark.query.promql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DurationsTest {

  @Test
  void parsesEveryUnitLargestFirst() {
    assertThat(Durations.parseMillis("1y2w3d4h5m6s7ms"))
        .isEqualTo(((((365L + 14 + 3) * 24 + 4) * 60 + 5) * 60 + 6) * 1000 + 7);
    assertThat(Durations.parseMillis("90s")).isEqualTo(90_000);
    assertThat(Durations.parseMillis("0s")).isZero();
  }

  @Test
  void rejectsUnitsOutOfOrderOrRepeated() {
    for (String bad : new String[] {"5m1h", "1h1h", "5", "", "1.5h", "5M", "-5m"}) {
      assertThatThrownBy(() -> Durations.parseMillis(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void formatsAsPrometheus() {
    assertThat(Durations.format(5_400_000)).isEqualTo("1h30m");
    assertThat(Durations.format(90L * 86_400_000)).isEqualTo("90d");
    assertThat(Durations.format(14L * 86_400_000)).isEqualTo("2w");
    assertThat(Durations.format(250)).isEqualTo("250ms");
    assertThat(Durations.format(0)).isEqualTo("0s");
    assertThat(Durations.format(-60_000)).isEqualTo("-1m");
  }
}
