package io.tidemark.query.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class QuantityTest {

  @Test
  void readsDecimalSuffixes() {
    assertThat(Quantity.parse("250m")).isEqualByComparingTo("0.25");
    assertThat(Quantity.parse("1.5")).isEqualByComparingTo("1.5");
    assertThat(Quantity.parse("2")).isEqualByComparingTo("2");
    assertThat(Quantity.parse("100n")).isEqualByComparingTo("0.0000001");
    assertThat(Quantity.parse("5u")).isEqualByComparingTo("0.000005");
    assertThat(Quantity.parse("1k")).isEqualByComparingTo("1000");
    assertThat(Quantity.parse("1G")).isEqualByComparingTo("1000000000");
    assertThat(Quantity.parse("5M")).isEqualByComparingTo("5000000");
    assertThat(Quantity.parse("3T")).isEqualByComparingTo("3000000000000");
    assertThat(Quantity.parse("1P")).isEqualByComparingTo("1e15");
    assertThat(Quantity.parse("2E")).isEqualByComparingTo("2e18");
  }

  @Test
  void readsBinarySuffixes() {
    assertThat(Quantity.parse("512Mi")).isEqualByComparingTo("536870912");
    assertThat(Quantity.parse("1Ki")).isEqualByComparingTo("1024");
    assertThat(Quantity.parse("1.5Gi")).isEqualByComparingTo("1610612736");
    assertThat(Quantity.parse("2Ti")).isEqualByComparingTo(BigDecimal.valueOf(2L << 40));
    assertThat(Quantity.parse("1Pi")).isEqualByComparingTo(BigDecimal.valueOf(1L << 50));
    assertThat(Quantity.parse("1Ei")).isEqualByComparingTo(BigDecimal.valueOf(1L << 60));
  }

  @Test
  void readsExponentsSignsAndBareDecimalPoints() {
    assertThat(Quantity.parse("1e3")).isEqualByComparingTo("1000");
    assertThat(Quantity.parse("1.5E-3")).isEqualByComparingTo("0.0015");
    assertThat(Quantity.parse("2e+2")).isEqualByComparingTo("200");
    assertThat(Quantity.parse("-1")).isEqualByComparingTo("-1");
    assertThat(Quantity.parse("+500m")).isEqualByComparingTo("0.5");
    assertThat(Quantity.parse(".5")).isEqualByComparingTo("0.5");
    assertThat(Quantity.parse("5.")).isEqualByComparingTo("5");
    assertThat(Quantity.parse("0")).isEqualByComparingTo("0");
  }

  @Test
  void roundsCpuUpToMillicoresAndMemoryUpToBytesAsKubernetesCounts() {
    assertThat(Quantity.cores("250m")).isEqualTo(0.25);
    assertThat(Quantity.cores("1.5")).isEqualTo(1.5);
    assertThat(Quantity.cores("100u")).isEqualTo(0.001);
    assertThat(Quantity.cores("1500000n")).isEqualTo(0.002);
    assertThat(Quantity.cores("4")).isEqualTo(4.0);
    assertThat(Quantity.bytes("512Mi")).isEqualTo(536870912.0);
    assertThat(Quantity.bytes("1G")).isEqualTo(1e9);
    assertThat(Quantity.bytes("0.5")).isEqualTo(1.0);
    assertThat(Quantity.bytes("1.5Ki")).isEqualTo(1536.0);
    assertThat(Quantity.bytes("129e6")).isEqualTo(129_000_000.0);
  }

  @Test
  void rejectsWhatKubernetesRejectsNamingTheText() {
    for (String bad :
        new String[] {
          "", "Mi", "1Mb", "1 Gi", " 1", "1.2.3", "1e", "1e1.5", "abc", "1KI", "--1", "1mi", "0x10",
          "1Gi ", "."
        }) {
      assertThatThrownBy(() -> Quantity.parse(bad))
          .as("'%s'", bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("invalid quantity '" + bad + "'");
    }
    assertThatThrownBy(() -> Quantity.parse(null)).hasMessageContaining("it is empty");
  }

  @Test
  void printsCpuInNanoCoresWhenNotRound() {
    assertThat(Quantity.decimalNanos(110_691_045L)).isEqualTo("110691045n");
  }

  @Test
  void printsCpuWithTheLargestExactSuffix() {
    assertThat(Quantity.decimalNanos(123_456_000L)).isEqualTo("123456u");
    assertThat(Quantity.decimalNanos(250_000_000L)).isEqualTo("250m");
    assertThat(Quantity.decimalNanos(2_000_000_000L)).isEqualTo("2");
    assertThat(Quantity.decimalNanos(0)).isEqualTo("0");
  }

  @Test
  void printsMemoryInBinarySuffixesOnlyWhenExact() {
    assertThat(Quantity.binaryBytes(801_112L * 1024)).isEqualTo("801112Ki");
    assertThat(Quantity.binaryBytes(3L << 30)).isEqualTo("3Gi");
    assertThat(Quantity.binaryBytes(1536)).isEqualTo("1536");
    assertThat(Quantity.binaryBytes(0)).isEqualTo("0");
  }
}
