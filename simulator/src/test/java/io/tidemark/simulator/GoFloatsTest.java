package io.tidemark.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GoFloatsTest {

  @Test
  void matchesTheFormsInARealKubeletPayload() {
    // Values as they appear in the metrics-server fixture of /metrics/resource.
    assertThat(GoFloats.format(4.710169)).isEqualTo("4.710169");
    assertThat(GoFloats.format(1.253376e7)).isEqualTo("1.253376e+07");
    assertThat(GoFloats.format(3.53316864e8)).isEqualTo("3.53316864e+08");
    assertThat(GoFloats.format(86.500663)).isEqualTo("86.500663");
    assertThat(GoFloats.format(0)).isEqualTo("0");
  }

  @Test
  void switchesToExponentsAtGosThresholds() {
    assertThat(GoFloats.format(999999)).isEqualTo("999999");
    assertThat(GoFloats.format(1e6)).isEqualTo("1e+06");
    assertThat(GoFloats.format(0.0001)).isEqualTo("0.0001");
    assertThat(GoFloats.format(0.00001234)).isEqualTo("1.234e-05");
    assertThat(GoFloats.format(-2.5)).isEqualTo("-2.5");
    assertThat(GoFloats.format(Double.NaN)).isEqualTo("NaN");
    assertThat(GoFloats.format(Double.NEGATIVE_INFINITY)).isEqualTo("-Inf");
  }
}
