package io.tidemark.storage;

import java.time.Duration;
import java.util.Objects;

/**
 * One rollup tier: buckets of {@code step} kept for {@code retention}.
 *
 * @param step the bucket width; must divide a day, at least one minute
 * @param retention how long buckets are kept; at least one step
 */
public record Resolution(Duration step, Duration retention) {

  private static final long DAY_MILLIS = Duration.ofDays(1).toMillis();

  /** Checks that the step divides a day and the retention holds at least one step. */
  public Resolution {
    Objects.requireNonNull(step, "step");
    Objects.requireNonNull(retention, "retention");
    long millis = step.toMillis();
    if (millis < 60_000 || DAY_MILLIS % millis != 0) {
      throw new IllegalArgumentException(
          "a rollup step must be at least 1m and divide a day evenly, was " + name(step));
    }
    if (retention.compareTo(step) < 0) {
      throw new IllegalArgumentException(
          "the retention of the " + name(step) + " rollups must be at least one step");
    }
  }

  /** The tier's name, its step written like {@code 5m} or {@code 1h}. */
  public String name() {
    return name(step);
  }

  /** The step in milliseconds. */
  public long stepMillis() {
    return step.toMillis();
  }

  /**
   * A short form of a duration: {@code 90d}, {@code 1h}, {@code 5m}, {@code 30s}, {@code 250ms}.
   */
  public static String name(Duration d) {
    long ms = d.toMillis();
    long[] units = {86_400_000L, 3_600_000L, 60_000L, 1_000L};
    String[] names = {"d", "h", "m", "s"};
    for (int i = 0; i < units.length; i++) {
      if (ms != 0 && ms % units[i] == 0) {
        return ms / units[i] + names[i];
      }
    }
    return ms + "ms";
  }
}
