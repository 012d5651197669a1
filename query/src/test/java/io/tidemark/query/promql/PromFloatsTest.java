package io.tidemark.query.promql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PromFloatsTest {

  @Test
  void writesSpecialValuesAsPrometheus() {
    assertThat(PromFloats.format(Double.NaN)).isEqualTo("NaN");
    assertThat(PromFloats.format(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
    assertThat(PromFloats.format(Double.NEGATIVE_INFINITY)).isEqualTo("-Inf");
    assertThat(PromFloats.format(0.0)).isEqualTo("0");
    assertThat(PromFloats.format(-0.0)).isEqualTo("-0");
  }

  @Test
  void writesTheShortestDigitsPositionally() {
    assertThat(PromFloats.format(1)).isEqualTo("1");
    assertThat(PromFloats.format(0.1 + 0.2)).isEqualTo("0.30000000000000004");
    assertThat(PromFloats.format(1e21)).isEqualTo("1000000000000000000000");
    assertThat(PromFloats.format(1e-7)).isEqualTo("0.0000001");
    assertThat(PromFloats.format(-123.456)).isEqualTo("-123.456");
    assertThat(PromFloats.format(Double.MIN_VALUE)).startsWith("0.000").endsWith("5");
  }

  @Test
  void writesSampleValuesWithAnExponentOutsideTheUsualRange() {
    // As Prometheus 2.42 answers vector(1e21), vector(1e-7), 2^70.
    assertThat(PromFloats.formatSample(1e21)).isEqualTo("1e+21");
    assertThat(PromFloats.formatSample(1e-7)).isEqualTo("1e-07");
    assertThat(PromFloats.formatSample(-1e-7)).isEqualTo("-1e-07");
    assertThat(PromFloats.formatSample(Math.pow(2, 70))).isEqualTo("1.1805916207174113e+21");
    assertThat(PromFloats.formatSample(1.234567890123457e+123)).isEqualTo("1.234567890123457e+123");
    assertThat(PromFloats.formatSample(0.000001)).isEqualTo("0.000001");
    assertThat(PromFloats.formatSample(5e-324)).isEqualTo("5e-324");
    assertThat(PromFloats.formatSample(0)).isEqualTo("0");
  }

  @Test
  void readsBackToTheSameDoubleWithNoShorterForm() {
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < 20_000; i++) {
      double v = Double.longBitsToDouble(random.nextLong());
      if (Double.isNaN(v) || Double.isInfinite(v)) {
        continue;
      }
      String s = PromFloats.formatSample(v);
      assertThat(Double.parseDouble(s)).isEqualTo(v);
      int digits = new java.math.BigDecimal(s).stripTrailingZeros().precision();
      if (digits > 1) {
        java.math.BigDecimal shorter =
            new java.math.BigDecimal(v)
                .round(new java.math.MathContext(digits - 1, java.math.RoundingMode.HALF_EVEN));
        assertThat(shorter.doubleValue()).as("%s has a shorter form", s).isNotEqualTo(v);
      }
    }
  }
}
