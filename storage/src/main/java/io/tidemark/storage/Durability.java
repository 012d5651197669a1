package io.tidemark.storage;

import java.time.Duration;
import java.util.Objects;

/**
 * How hard an append is pushed to the disk before it is acknowledged.
 *
 * <ul>
 *   <li>{@link #everyWrite()}: every append is synced to the device (fsync) before it returns; an
 *       acknowledged sample survives a crash of the machine. Costs one sync per scrape.
 *   <li>{@link #window(Duration)}: every append reaches the operating system before it returns (it
 *       survives a crash of the process), and the log is synced every {@code window}; a crash of
 *       the machine may lose the samples of the last window.
 * </ul>
 *
 * @param syncEveryWrite whether each append is synced
 * @param window how often the log is synced otherwise
 */
public record Durability(boolean syncEveryWrite, Duration window) {

  /** Requires a positive window. */
  public Durability {
    Objects.requireNonNull(window, "window");
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("the sync window must be positive, was " + window);
    }
  }

  /** Sync on every append. */
  public static Durability everyWrite() {
    return new Durability(true, Duration.ofSeconds(1));
  }

  /** Sync at most {@code window} apart. */
  public static Durability window(Duration window) {
    return new Durability(false, window);
  }
}
