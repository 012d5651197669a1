package io.tidemark.query.promql;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Floats as Prometheus 2.42 writes them in its HTTP API, from Go's {@code strconv} with the fewest
 * digits that read back to the same double, and {@code NaN}, {@code +Inf}, {@code -Inf}:
 *
 * <ul>
 *   <li>{@link #format}: {@code FormatFloat(v, 'f', -1, 64)}, always positional ({@code 1e21} is
 *       {@code 1000000000000000000000}); scalar and string results, and times in seconds.
 *   <li>{@link #formatSample}: as {@code format} but with an exponent ({@code 1e-07}, {@code
 *       1.2345678901234569e+23}) below 1e-6 and from 1e21 up, as Prometheus' JSON encoder of vector
 *       and matrix points does.
 * </ul>
 */
public final class PromFloats {

  private PromFloats() {}

  /** Positional notation. */
  public static String format(double value) {
    return render(value, false);
  }

  /** Positional notation, but exponent notation below 1e-6 and from 1e21 up. */
  public static String formatSample(double value) {
    double abs = Math.abs(value);
    return render(value, abs != 0 && (abs < 1e-6 || abs >= 1e21));
  }

  private static String render(double value, boolean exponent) {
    if (Double.isNaN(value)) {
      return "NaN";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "+Inf" : "-Inf";
    }
    if (value == 0) {
      return (1 / value) < 0 ? "-0" : "0";
    }
    BigDecimal decimal = shortest(Math.abs(value));
    String sign = value < 0 ? "-" : "";
    if (!exponent) {
      return sign + decimal.toPlainString();
    }
    String digits = decimal.unscaledValue().toString();
    int exp = digits.length() - 1 - decimal.scale();
    StringBuilder out = new StringBuilder(sign).append(digits.charAt(0));
    if (digits.length() > 1) {
      out.append('.').append(digits, 1, digits.length());
    }
    out.append('e').append(exp < 0 ? '-' : '+');
    if (Math.abs(exp) < 10) {
      out.append('0');
    }
    return out.append(Math.abs(exp)).toString();
  }

  /** The shortest decimal that reads back as {@code abs} (positive, finite), no trailing zeros. */
  private static BigDecimal shortest(double abs) {
    BigDecimal decimal = new BigDecimal(Double.toString(abs)).stripTrailingZeros();
    // Java 17's Double.toString can give more digits than needed (JDK-4511638), mostly with 16
    // or 17 digits and for subnormals; round-tripping is monotone in the digit count, so trying
    // one digit fewer at a time finds the shortest form.
    if (decimal.precision() >= 16 || abs < Double.MIN_NORMAL) {
      BigDecimal exact = new BigDecimal(abs);
      for (int digits = decimal.precision() - 1; digits >= 1; digits--) {
        BigDecimal shorter = exact.round(new MathContext(digits, RoundingMode.HALF_EVEN));
        if (shorter.doubleValue() != abs) {
          break;
        }
        decimal = shorter.stripTrailingZeros();
      }
    }
    return decimal;
  }
}
