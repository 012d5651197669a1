package io.tidemark.query.format;

import java.time.Duration;

/**
 * Numbers as Go programs (the kubelet, Prometheus, the Metrics API) write them, each with the
 * fewest digits that read back to the same double, and {@code NaN}, {@code +Inf}, {@code -Inf},
 * {@code 0}, {@code -0}:
 *
 * <ul>
 *   <li>{@link #formatG}: {@code strconv.FormatFloat(v, 'g', -1, 64)}, exponent form from 1e6 up or
 *       below 1e-4 ({@code 1.253376e+07}, {@code 4.710169}); the kubelet's Prometheus text encoder.
 *   <li>{@link #formatF}: {@code strconv.FormatFloat(v, 'f', -1, 64)}, always positional ({@code
 *       1e21} is {@code 1000000000000000000000}); Prometheus' scalar and string results, and times
 *       in seconds.
 *   <li>{@link #formatSample}: as {@code formatF} but with an exponent ({@code 1e-07}, {@code
 *       1.2345678901234569e+23}) below 1e-6 and from 1e21 up, as Prometheus' JSON encoder of vector
 *       and matrix points does.
 *   <li>{@link #seconds} and {@link #appendSeconds}: a millisecond time in unix seconds as
 *       Prometheus' {@code jsonutil.MarshalTimestamp} writes it ({@code 1.500}, {@code 2}).
 *   <li>{@link #duration}: Go's {@code time.Duration.String()} ({@code 1m5.5s}).
 * </ul>
 *
 * <p>Thread safety: stateless.
 */
public final class GoNumbers {

  private GoNumbers() {}

  /** Go's {@code 'g'} with the shortest digits: exponent form from 1e6 up and below 1e-4. */
  public static String formatG(double value) {
    String special = special(value);
    if (special != null) {
      return special;
    }
    ShortestDecimal decimal = ShortestDecimal.of(Math.abs(value));
    int exponent = decimal.exponent();
    return render(new StringBuilder(24), value < 0, decimal, exponent < -4 || exponent >= 6)
        .toString();
  }

  /** Go's {@code 'f'} with the shortest digits: positional notation. */
  public static String formatF(double value) {
    String special = special(value);
    if (special != null) {
      return special;
    }
    return render(new StringBuilder(24), value < 0, ShortestDecimal.of(Math.abs(value)), false)
        .toString();
  }

  /** Prometheus' sample values: positional, but exponent notation below 1e-6 and from 1e21 up. */
  public static String formatSample(double value) {
    String special = special(value);
    if (special != null) {
      return special;
    }
    double abs = Math.abs(value);
    return render(
            new StringBuilder(24), value < 0, ShortestDecimal.of(abs), abs < 1e-6 || abs >= 1e21)
        .toString();
  }

  /** Appends {@link #formatSample}{@code (value)} to {@code out}; returns {@code out}. */
  public static StringBuilder appendSample(StringBuilder out, double value) {
    String special = special(value);
    if (special != null) {
      return out.append(special);
    }
    double abs = Math.abs(value);
    return render(out, value < 0, ShortestDecimal.of(abs), abs < 1e-6 || abs >= 1e21);
  }

  /**
   * Unix seconds as Prometheus' {@code jsonutil.MarshalTimestamp} writes them: the seconds, then,
   * unless the milliseconds are 0, a point and exactly three digits ({@code 1.500}).
   */
  public static String seconds(long millis) {
    StringBuilder out = new StringBuilder(20);
    appendSeconds(out, millis);
    return out.toString();
  }

  /** Appends {@link #seconds}{@code (millis)} to {@code out}. */
  public static void appendSeconds(StringBuilder out, long millis) {
    long abs = millis;
    if (millis < 0) {
      out.append('-');
      abs = -millis;
    }
    out.append(abs / 1000);
    int fraction = (int) (abs % 1000);
    if (fraction != 0) {
      out.append('.');
      if (fraction < 100) {
        out.append('0');
      }
      if (fraction < 10) {
        out.append('0');
      }
      out.append(fraction);
    }
  }

  /**
   * A duration in the notation of Go's {@code time.Duration.String()}, which the Metrics API uses
   * for {@code window}: {@code 15s}, {@code 20.029s}, {@code 1m5.5s}, {@code 1h0m0s}, {@code 0s},
   * and below a second in the largest unit that fits ({@code 250ms}, {@code 1.5µs}, {@code 7ns}).
   */
  public static String duration(Duration duration) {
    long nanos = duration.toNanos();
    if (nanos == 0) {
      return "0s";
    }
    StringBuilder out = new StringBuilder();
    if (nanos < 0) {
      out.append('-');
      nanos = -nanos;
    }
    if (nanos < 1_000_000_000L) {
      // Go prints sub-second durations in the largest unit below a second.
      if (nanos < 1_000L) {
        return out.append(nanos).append("ns").toString();
      }
      if (nanos < 1_000_000L) {
        return out.append(fraction(nanos, 1_000L)).append("µs").toString();
      }
      return out.append(fraction(nanos, 1_000_000L)).append("ms").toString();
    }
    long hours = nanos / 3_600_000_000_000L;
    long rest = nanos % 3_600_000_000_000L;
    long minutes = rest / 60_000_000_000L;
    rest %= 60_000_000_000L;
    if (hours > 0) {
      out.append(hours).append('h');
    }
    if (hours > 0 || minutes > 0) {
      out.append(minutes).append('m');
    }
    return out.append(fraction(rest, 1_000_000_000L)).append('s').toString();
  }

  /** {@code value / unit} with the fraction's trailing zeros removed. */
  private static String fraction(long value, long unit) {
    long whole = value / unit;
    long frac = value % unit;
    if (frac == 0) {
      return Long.toString(whole);
    }
    String digits = Long.toString(unit + frac).substring(1);
    int end = digits.length();
    while (digits.charAt(end - 1) == '0') {
      end--;
    }
    return whole + "." + digits.substring(0, end);
  }

  /** How Go writes NaN, the infinities and the zeros; {@code null} for any other value. */
  private static String special(double value) {
    if (Double.isNaN(value)) {
      return "NaN";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "+Inf" : "-Inf";
    }
    if (value == 0) {
      return (1 / value) < 0 ? "-0" : "0";
    }
    return null;
  }

  /**
   * Appends {@code decimal} (positive, no trailing zeros) with its sign, positional or as Go's
   * exponent form: one digit, the others after a point, {@code e}, the sign and at least two
   * digits.
   */
  private static StringBuilder render(
      StringBuilder out, boolean negative, ShortestDecimal decimal, boolean exponentForm) {
    if (negative) {
      out.append('-');
    }
    long digits = decimal.digits;
    int precision = decimal.precision();
    int scale = decimal.scale;
    if (exponentForm) {
      int exponent = precision - 1 - scale;
      int first = out.length();
      out.append(digits);
      if (precision > 1) {
        out.insert(first + 1, '.');
      }
      out.append('e').append(exponent < 0 ? '-' : '+');
      int magnitude = Math.abs(exponent);
      if (magnitude < 10) {
        out.append('0');
      }
      return out.append(magnitude);
    }
    if (scale <= 0) {
      out.append(digits);
      for (int i = scale; i < 0; i++) {
        out.append('0');
      }
    } else if (scale < precision) {
      int first = out.length();
      out.append(digits);
      out.insert(first + precision - scale, '.');
    } else {
      out.append("0.");
      for (int i = precision; i < scale; i++) {
        out.append('0');
      }
      out.append(digits);
    }
    return out;
  }
}
