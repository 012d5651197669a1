package io.tidemark.query.metrics;

import java.time.Duration;

/**
 * Durations in the notation of Go's {@code time.Duration.String()}, which the Metrics API uses for
 * {@code window}: {@code 15s}, {@code 20.029s}, {@code 1m5.5s}, {@code 1h0m0s}, {@code 0s}.
 */
public final class GoDurations {

  private GoDurations() {}

  /** Formats a non-negative duration at millisecond precision or finer. */
  public static String format(Duration duration) {
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
}
