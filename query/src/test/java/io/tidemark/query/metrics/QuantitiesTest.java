package io.tidemark.query.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QuantitiesTest {

  @Test
  void printsCpuInNanoCoresWhenNotRound() {
    assertThat(Quantities.decimalNanos(110_691_045L)).isEqualTo("110691045n");
  }

  @Test
  void printsCpuWithTheLargestExactSuffix() {
    assertThat(Quantities.decimalNanos(123_456_000L)).isEqualTo("123456u");
    assertThat(Quantities.decimalNanos(250_000_000L)).isEqualTo("250m");
    assertThat(Quantities.decimalNanos(2_000_000_000L)).isEqualTo("2");
    assertThat(Quantities.decimalNanos(0)).isEqualTo("0");
  }

  @Test
  void printsMemoryInBinarySuffixesOnlyWhenExact() {
    assertThat(Quantities.binaryBytes(801_112L * 1024)).isEqualTo("801112Ki");
    assertThat(Quantities.binaryBytes(3L << 30)).isEqualTo("3Gi");
    assertThat(Quantities.binaryBytes(1536)).isEqualTo("1536");
    assertThat(Quantities.binaryBytes(0)).isEqualTo("0");
  }
}
