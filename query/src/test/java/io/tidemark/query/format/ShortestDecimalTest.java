package io.tidemark.query.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The fast shortest decimal gives exactly the decimal of its BigDecimal definition. */
class ShortestDecimalTest {

  /** How the forms were written from the BigDecimal definition. */
  private static String referenceForm(double value, int form) {
    if (Double.isNaN(value)) {
      return "NaN";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "+Inf" : "-Inf";
    }
    if (value == 0) {
      return (1 / value) < 0 ? "-0" : "0";
    }
    double abs = Math.abs(value);
    BigDecimal decimal = ShortestDecimal.reference(abs);
    int exponent = decimal.precision() - 1 - decimal.scale();
    boolean exponentForm =
        form == 0 ? exponent < -4 || exponent >= 6 : form == 2 && (abs < 1e-6 || abs >= 1e21);
    String sign = value < 0 ? "-" : "";
    if (!exponentForm) {
      return sign + decimal.toPlainString();
    }
    String digits = decimal.unscaledValue().toString();
    StringBuilder out = new StringBuilder(sign).append(digits.charAt(0));
    if (digits.length() > 1) {
      out.append('.').append(digits, 1, digits.length());
    }
    out.append('e').append(exponent < 0 ? '-' : '+');
    if (Math.abs(exponent) < 10) {
      out.append('0');
    }
    return out.append(Math.abs(exponent)).toString();
  }

  private static void agrees(double v) {
    assertThat(GoNumbers.formatG(v)).isEqualTo(referenceForm(v, 0));
    assertThat(GoNumbers.formatF(v)).isEqualTo(referenceForm(v, 1));
    assertThat(GoNumbers.formatSample(v)).isEqualTo(referenceForm(v, 2));
    assertThat(GoNumbers.appendSample(new StringBuilder("x"), v).toString())
        .isEqualTo("x" + referenceForm(v, 2));
    double abs = Math.abs(v);
    if (Double.isNaN(abs) || Double.isInfinite(abs) || abs == 0) {
      return;
    }
    BigDecimal expected = ShortestDecimal.reference(abs);
    BigDecimal actual = ShortestDecimal.of(abs).toBigDecimal();
    assertThat(actual.unscaledValue()).as("digits of %s", abs).isEqualTo(expected.unscaledValue());
    assertThat(actual.scale()).as("scale of %s", abs).isEqualTo(expected.scale());
  }

  @Test
  void agreesWithTheDefinitionOnRandomBitPatterns() {
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 30_000; i++) {
      agrees(Double.longBitsToDouble(random.nextLong()));
    }
  }

  @Test
  void agreesWithTheDefinitionOnRatesAndMetricValues() {
    SplittableRandom random = new SplittableRandom(11);
    for (int i = 0; i < 30_000; i++) {
      // What a range query writes: ratios of counter increases, byte counts, fractions of a core.
      double increase = Math.rint(random.nextDouble() * 1e6 * random.nextInt(1, 1000)) / 1e6;
      agrees(increase / (300 * (0.9 + random.nextDouble() * 0.2)));
      agrees(increase * 300.0 / random.nextInt(1, 20_000));
      agrees(random.nextDouble() * Math.pow(10, random.nextInt(-15, 20)));
      agrees(random.nextLong(1L << 53) * 4096.0);
      agrees(random.nextInt(1, 100_000) / 1000.0);
      agrees(0.1 * random.nextInt(1, 1000));
    }
  }

  @Test
  void agreesWithTheDefinitionAroundPowersOfTenAndTwo() {
    for (int e = -330; e <= 308; e++) {
      double p = Double.parseDouble("1e" + e);
      for (int k = -12; k <= 12; k++) {
        agrees(p + k * Math.ulp(p));
      }
    }
    for (int e = -1074; e <= 1023; e++) {
      double p = Math.scalb(1.0, e);
      for (int k = -12; k <= 12; k++) {
        agrees(p + k * Math.ulp(p));
      }
    }
  }

  @Test
  void keepsTheKnownSeventeenDigitForms() {
    assertThat(ShortestDecimal.of(2.82879384806159E17).toBigDecimal().toString())
        .isEqualTo("2.82879384806159E+17");
    assertThat(ShortestDecimal.of(0.1 + 0.2).toBigDecimal().toPlainString())
        .isEqualTo("0.30000000000000004");
    assertThat(ShortestDecimal.of(Math.scalb(1.0, -44)).toBigDecimal().toString())
        .isEqualTo(ShortestDecimal.reference(Math.scalb(1.0, -44)).toString());
  }
}
