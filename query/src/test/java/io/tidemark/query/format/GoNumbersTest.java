package io.tidemark.query.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GoNumbersTest {

  // formatG: Go's strconv.FormatFloat(v, 'g', -1, 64), the kubelet's text encoder.

  @Test
  void matchesTheFormsInARealKubeletPayload() {
    // Values as they appear in the metrics-server fixture of /metrics/resource.
    assertThat(GoNumbers.formatG(4.710169)).isEqualTo("4.710169");
    assertThat(GoNumbers.formatG(1.253376e7)).isEqualTo("1.253376e+07");
    assertThat(GoNumbers.formatG(3.53316864e8)).isEqualTo("3.53316864e+08");
    assertThat(GoNumbers.formatG(86.500663)).isEqualTo("86.500663");
    assertThat(GoNumbers.formatG(0)).isEqualTo("0");
  }

  @Test
  void switchesToExponentsAtGosThresholds() {
    assertThat(GoNumbers.formatG(999999)).isEqualTo("999999");
    assertThat(GoNumbers.formatG(1e6)).isEqualTo("1e+06");
    assertThat(GoNumbers.formatG(0.0001)).isEqualTo("0.0001");
    assertThat(GoNumbers.formatG(0.00001234)).isEqualTo("1.234e-05");
    assertThat(GoNumbers.formatG(-2.5)).isEqualTo("-2.5");
    assertThat(GoNumbers.formatG(Double.NaN)).isEqualTo("NaN");
    assertThat(GoNumbers.formatG(Double.NEGATIVE_INFINITY)).isEqualTo("-Inf");
  }

  @Test
  void writesTheShortestDigitsInGForm() {
    // Java 17's Double.toString gives 1.9999999999999998E23 (JDK-4511638); Go writes 2e+23.
    assertThat(GoNumbers.formatG(2e23)).isEqualTo("2e+23");
    assertThat(GoNumbers.formatSample(2e23)).isEqualTo("2e+23");
    assertThat(GoNumbers.formatG(-0.0)).isEqualTo("-0");
    assertThat(GoNumbers.formatG(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
  }

  // formatF and formatSample: Prometheus' HTTP API.

  @Test
  void writesSpecialValuesAsPrometheus() {
    assertThat(GoNumbers.formatF(Double.NaN)).isEqualTo("NaN");
    assertThat(GoNumbers.formatF(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
    assertThat(GoNumbers.formatF(Double.NEGATIVE_INFINITY)).isEqualTo("-Inf");
    assertThat(GoNumbers.formatF(0.0)).isEqualTo("0");
    assertThat(GoNumbers.formatF(-0.0)).isEqualTo("-0");
  }

  @Test
  void writesTheShortestDigitsPositionally() {
    assertThat(GoNumbers.formatF(1)).isEqualTo("1");
    assertThat(GoNumbers.formatF(0.1 + 0.2)).isEqualTo("0.30000000000000004");
    assertThat(GoNumbers.formatF(1e21)).isEqualTo("1000000000000000000000");
    assertThat(GoNumbers.formatF(1e-7)).isEqualTo("0.0000001");
    assertThat(GoNumbers.formatF(-123.456)).isEqualTo("-123.456");
    assertThat(GoNumbers.formatF(Double.MIN_VALUE)).startsWith("0.000").endsWith("5");
  }

  @Test
  void writesSampleValuesWithAnExponentOutsideTheUsualRange() {
    // As Prometheus 2.42 answers vector(1e21), vector(1e-7), 2^70.
    assertThat(GoNumbers.formatSample(1e21)).isEqualTo("1e+21");
    assertThat(GoNumbers.formatSample(1e-7)).isEqualTo("1e-07");
    assertThat(GoNumbers.formatSample(-1e-7)).isEqualTo("-1e-07");
    assertThat(GoNumbers.formatSample(Math.pow(2, 70))).isEqualTo("1.1805916207174113e+21");
    assertThat(GoNumbers.formatSample(1.234567890123457e+123)).isEqualTo("1.234567890123457e+123");
    assertThat(GoNumbers.formatSample(0.000001)).isEqualTo("0.000001");
    assertThat(GoNumbers.formatSample(5e-324)).isEqualTo("5e-324");
    assertThat(GoNumbers.formatSample(0)).isEqualTo("0");
  }

  @Test
  void readsBackToTheSameDoubleWithNoShorterForm() {
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < 20_000; i++) {
      double v = Double.longBitsToDouble(random.nextLong());
      if (Double.isNaN(v) || Double.isInfinite(v)) {
        continue;
      }
      for (String s : new String[] {GoNumbers.formatSample(v), GoNumbers.formatG(v)}) {
        assertThat(Double.parseDouble(s)).isEqualTo(v);
        int digits = new BigDecimal(s).stripTrailingZeros().precision();
        if (digits > 1) {
          BigDecimal shorter =
              new BigDecimal(v).round(new MathContext(digits - 1, RoundingMode.HALF_EVEN));
          assertThat(shorter.doubleValue()).as("%s has a shorter form", s).isNotEqualTo(v);
        }
      }
    }
  }

  // seconds: Prometheus' jsonutil.MarshalTimestamp, also the OpenMetrics export's timestamps.

  @Test
  void timestampsAreSecondsWithMilliseconds() {
    assertThat(GoNumbers.seconds(1_700_000_000_123L)).isEqualTo("1700000000.123");
    assertThat(GoNumbers.seconds(1_700_000_000_000L)).isEqualTo("1700000000");
    assertThat(GoNumbers.seconds(1_700_000_000_007L)).isEqualTo("1700000000.007");
    assertThat(GoNumbers.seconds(1_700_000_000_050L)).isEqualTo("1700000000.050");
    assertThat(GoNumbers.seconds(5)).isEqualTo("0.005");
    assertThat(GoNumbers.seconds(-1_500)).isEqualTo("-1.500");
    StringBuilder out = new StringBuilder("t=");
    GoNumbers.appendSeconds(out, 1_500);
    assertThat(out).hasToString("t=1.500");
  }

  // duration: Go's time.Duration.String().

  @Test
  void formatsLikeGo() {
    assertThat(GoNumbers.duration(Duration.ofSeconds(30))).isEqualTo("30s");
    assertThat(GoNumbers.duration(Duration.ofMillis(20_029))).isEqualTo("20.029s");
    assertThat(GoNumbers.duration(Duration.ofMillis(65_500))).isEqualTo("1m5.5s");
    assertThat(GoNumbers.duration(Duration.ofHours(1))).isEqualTo("1h0m0s");
    assertThat(GoNumbers.duration(Duration.ofMillis(1_500))).isEqualTo("1.5s");
    assertThat(GoNumbers.duration(Duration.ofMillis(250))).isEqualTo("250ms");
    assertThat(GoNumbers.duration(Duration.ZERO)).isEqualTo("0s");
  }
}
