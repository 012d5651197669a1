package io.tidemark.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ManualClockTest {

  @Test
  void showsWhatItWasSetToUntilMoved() {
    ManualClock clock = new ManualClock(Instant.parse("2026-11-01T00:00:00Z"));
    assertThat(clock.instant()).isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));

    clock.advance(Duration.ofMillis(1500));
    assertThat(clock.millis()).isEqualTo(Instant.parse("2026-11-01T00:00:01.500Z").toEpochMilli());

    clock.set(1_000);
    assertThat(clock.instant()).isEqualTo(Instant.ofEpochMilli(1_000));
  }
}
