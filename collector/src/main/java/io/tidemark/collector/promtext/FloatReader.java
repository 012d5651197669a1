package io.tidemark.collector.promtext;

import java.nio.charset.StandardCharsets;

/**
 * Reads a float of the Prometheus text formats from a byte range, as Go's {@code
 * strconv.ParseFloat} does for the forms Prometheus' {@code expfmt} accepts, without exceptions and
 * without allocating for the common short decimals.
 *
 * <p>Accepted: a decimal with an optional sign, digits with at most one point (at least one digit,
 * before or after it), and an optional exponent ({@code e} or {@code E}, optional sign, at least
 * one digit); {@code Inf} and {@code Infinity} in any case, with an optional sign; {@code NaN} in
 * any case, without a sign. Nothing else: no surrounding blanks, underscores, hex, octal or binary
 * literals, nor Java's {@code d} and {@code f} suffixes. A decimal reads as the nearest double,
 * exactly as {@link Double#parseDouble} reads it (one beyond the range as an infinity or a zero).
 * OpenMetrics, stricter on the special values, checks their spelling around this reader.
 *
 * <p>Thread safety: not thread-safe (it holds the last value read); one per parser.
 */
final class FloatReader {

  private static final double[] POWERS_OF_TEN = new double[23];

  static {
    double p = 1;
    for (int i = 0; i < POWERS_OF_TEN.length; i++) {
      POWERS_OF_TEN[i] = p;
      p *= 10;
    }
  }

  private double value;

  /**
   * Reads {@code buf[from, to)}.
   *
   * @return whether it is a float; when it is, {@link #value} holds it, otherwise {@link #value} is
   *     unchanged
   */
  boolean read(byte[] buf, int from, int to) {
    int p = from;
    boolean negative = false;
    if (p < to && (buf[p] == '+' || buf[p] == '-')) {
      negative = buf[p] == '-';
      p++;
    }
    if (p < to && (buf[p] == 'I' || buf[p] == 'i')) {
      if (equalsIgnoreCase(buf, p, to, "inf") || equalsIgnoreCase(buf, p, to, "infinity")) {
        value = negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        return true;
      }
      return false;
    }
    if (p == from && p < to && (buf[p] == 'N' || buf[p] == 'n')) {
      if (equalsIgnoreCase(buf, p, to, "nan")) {
        value = Double.NaN;
        return true;
      }
      return false;
    }
    long mantissa = 0;
    int significant = 0;
    int exponent = 0;
    int digits = 0;
    boolean dot = false;
    for (; p < to; p++) {
      byte c = buf[p];
      if (c >= '0' && c <= '9') {
        digits++;
        if (mantissa == 0 && c == '0') {
          if (dot) {
            exponent--;
          }
          continue;
        }
        if (significant < 18) {
          mantissa = mantissa * 10 + (c - '0');
          significant++;
          if (dot) {
            exponent--;
          }
        } else {
          significant++;
          if (!dot) {
            exponent++;
          }
        }
      } else if (c == '.' && !dot) {
        dot = true;
      } else {
        break;
      }
    }
    if (digits == 0) {
      return false;
    }
    if (p < to && (buf[p] == 'e' || buf[p] == 'E')) {
      p++;
      boolean expNegative = false;
      if (p < to && (buf[p] == '+' || buf[p] == '-')) {
        expNegative = buf[p] == '-';
        p++;
      }
      int expDigits = 0;
      int exp = 0;
      for (; p < to && buf[p] >= '0' && buf[p] <= '9'; p++) {
        if (exp < 100_000) {
          exp = exp * 10 + (buf[p] - '0');
        }
        expDigits++;
      }
      if (expDigits == 0) {
        return false;
      }
      exponent += expNegative ? -exp : exp;
    }
    if (p != to) {
      return false;
    }
    double magnitude;
    if (mantissa == 0) {
      magnitude = 0;
    } else if (significant <= 15 && exponent >= -22 && exponent <= 22) {
      // Both operands exact, one rounding: the correctly rounded result (Clinger's fast path).
      magnitude =
          exponent >= 0 ? mantissa * POWERS_OF_TEN[exponent] : mantissa / POWERS_OF_TEN[-exponent];
    } else {
      magnitude =
          Math.abs(
              Double.parseDouble(new String(buf, from, to - from, StandardCharsets.ISO_8859_1)));
    }
    value = negative ? -magnitude : magnitude;
    return true;
  }

  /** The float of the last successful {@link #read}; 0 before any. */
  double value() {
    return value;
  }

  private static boolean equalsIgnoreCase(byte[] buf, int from, int to, String ascii) {
    if (to - from != ascii.length()) {
      return false;
    }
    for (int i = 0; i < ascii.length(); i++) {
      if (Character.toLowerCase((char) buf[from + i]) != ascii.charAt(i)) {
        return false;
      }
    }
    return true;
  }
}
