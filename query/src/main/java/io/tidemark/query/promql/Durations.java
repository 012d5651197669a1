package io.tidemark.query.promql;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prometheus durations ({@code model.Duration}): integer amounts of {@code y w d h m s ms}, largest
 * unit first, each at most once, like {@code 1h30m} or {@code 90d}; a year is 365 days.
 */
public final class Durations {

  private static final Pattern DURATION =
      Pattern.compile(
          "(?:(\\d+)y)?(?:(\\d+)w)?(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?(?:(\\d+)ms)?");

  private static final long[] UNITS = {
    365L * 86_400_000L, 7L * 86_400_000L, 86_400_000L, 3_600_000L, 60_000L, 1_000L, 1L
  };
  private static final String[] NAMES = {"y", "w", "d", "h", "m", "s", "ms"};

  private Durations() {}

  /**
   * The duration in milliseconds.
   *
   * @throws IllegalArgumentException when {@code text} is not a duration or overflows
   */
  public static long parseMillis(String text) {
    Matcher m = DURATION.matcher(text);
    if (text.isEmpty() || !m.matches()) {
      throw new IllegalArgumentException("not a valid duration string: \"" + text + "\"");
    }
    long total = 0;
    for (int i = 0; i < UNITS.length; i++) {
      String amount = m.group(i + 1);
      if (amount != null) {
        try {
          total = Math.addExact(total, Math.multiplyExact(Long.parseLong(amount), UNITS[i]));
        } catch (ArithmeticException | NumberFormatException e) {
          throw new IllegalArgumentException("duration out of range: \"" + text + "\"", e);
        }
      }
    }
    return total;
  }

  /** Whether {@code text} is a duration. */
  public static boolean isDuration(String text) {
    return !text.isEmpty() && DURATION.matcher(text).matches();
  }

  /**
   * Formats as Prometheus does: {@code 1h30m}, {@code 5m}, {@code 0s}; years and weeks if exact.
   */
  public static String format(long millis) {
    if (millis == 0) {
      return "0s";
    }
    StringBuilder out = new StringBuilder();
    long ms = millis;
    if (ms < 0) {
      out.append('-');
      ms = -ms;
    }
    for (int i = 0; i < UNITS.length; i++) {
      boolean exactOnly = i < 2;
      if (exactOnly && ms % UNITS[i] != 0) {
        continue;
      }
      long v = ms / UNITS[i];
      if (v > 0) {
        out.append(v).append(NAMES[i]);
        ms -= v * UNITS[i];
      }
    }
    return out.toString();
  }
}
