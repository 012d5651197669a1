package io.tidemark.simulator;

import java.math.BigDecimal;

/**
 * Floats as the kubelet's Prometheus encoder writes them: Go's {@code strconv.FormatFloat(v, 'g',
 * -1, 64)}, the shortest digits that read back exactly, in exponent form from 1e6 up or below 1e-4
 * ({@code 1.253376e+07}, {@code 4.710169}), and {@code NaN}, {@code +Inf}, {@code -Inf}.
 */
final class GoFloats {

  private GoFloats() {}

  static String format(double value) {
    if (Double.isNaN(value)) {
      return "NaN";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "+Inf" : "-Inf";
    }
    if (value == 0) {
      return (1 / value) < 0 ? "-0" : "0";
    }
    BigDecimal decimal = new BigDecimal(Double.toString(Math.abs(value))).stripTrailingZeros();
    String digits = decimal.unscaledValue().toString();
    int pointPosition = digits.length() - decimal.scale(); // digits before the decimal point
    int exponent = pointPosition - 1;
    StringBuilder out = new StringBuilder(24);
    if (value < 0) {
      out.append('-');
    }
    if (exponent < -4 || exponent >= 6) {
      out.append(digits.charAt(0));
      if (digits.length() > 1) {
        out.append('.').append(digits, 1, digits.length());
      }
      out.append('e').append(exponent < 0 ? '-' : '+');
      int magnitude = Math.abs(exponent);
      if (magnitude < 10) {
        out.append('0');
      }
      return out.append(magnitude).toString();
    }
    if (pointPosition <= 0) {
      out.append("0.").append("0".repeat(-pointPosition)).append(digits);
    } else if (pointPosition >= digits.length()) {
      out.append(digits).append("0".repeat(pointPosition - digits.length()));
    } else {
      out.append(digits, 0, pointPosition)
          .append('.')
          .append(digits, pointPosition, digits.length());
    }
    return out.toString();
  }
}
