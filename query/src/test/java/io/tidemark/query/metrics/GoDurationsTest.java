package io.tidemark.query.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class GoDurationsTest {

  @Test
  void formatsLikeGo() {
    assertThat(GoDurations.format(Duration.ofSeconds(30))).isEqualTo("30s");
    assertThat(GoDurations.format(Duration.ofMillis(20_029))).isEqualTo("20.029s");
    assertThat(GoDurations.format(Duration.ofMillis(65_500))).isEqualTo("1m5.5s");
    assertThat(GoDurations.format(Duration.ofHours(1))).isEqualTo("1h0m0s");
    assertThat(GoDurations.format(Duration.ofMillis(1_500))).isEqualTo("1.5s");
    assertThat(GoDurations.format(Duration.ofMillis(250))).isEqualTo("250ms");
    assertThat(GoDurations.format(Duration.ZERO)).isEqualTo("0s");
  }
}
