package io.tidemark.storage;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How a store is run.
 *
 * @param durability when appends are synced to the device
 * @param retention how long each resolution is kept
 * @param clock the time retention, rollups and idle flushes are measured against
 * @param chunkSamples samples per chunk before the head flushes it (120: 30 minutes at 15 s)
 * @param idleFlush how long a series' open chunk waits for its next sample before it is flushed
 * @param maintenanceInterval how often flushing, rollups, retention and journal trimming run in the
 *     background; {@code null} runs none (callers then call {@code maintain()} themselves)
 */
public record StoreOptions(
    Durability durability,
    RetentionPolicy retention,
    Clock clock,
    int chunkSamples,
    Duration idleFlush,
    Duration maintenanceInterval) {

  /** Sync every second, default retention, the system clock, no background maintenance. */
  public static final StoreOptions DEFAULT =
      new StoreOptions(
          Durability.window(Duration.ofSeconds(1)),
          RetentionPolicy.DEFAULT,
          Clock.systemUTC(),
          120,
          Duration.ofHours(1),
          null);

  /** Checks the values. */
  public StoreOptions {
    Objects.requireNonNull(durability, "durability");
    Objects.requireNonNull(retention, "retention");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(idleFlush, "idleFlush");
    if (chunkSamples < 2 || chunkSamples > 65_536) {
      throw new IllegalArgumentException("chunkSamples must be 2 to 65536, was " + chunkSamples);
    }
  }

  /** These options with another durability. */
  public StoreOptions withDurability(Durability value) {
    return new StoreOptions(value, retention, clock, chunkSamples, idleFlush, maintenanceInterval);
  }

  /** These options with another retention policy. */
  public StoreOptions withRetention(RetentionPolicy value) {
    return new StoreOptions(durability, value, clock, chunkSamples, idleFlush, maintenanceInterval);
  }

  /** These options with another clock. */
  public StoreOptions withClock(Clock value) {
    return new StoreOptions(
        durability, retention, value, chunkSamples, idleFlush, maintenanceInterval);
  }

  /** These options with another chunk size. */
  public StoreOptions withChunkSamples(int value) {
    return new StoreOptions(durability, retention, clock, value, idleFlush, maintenanceInterval);
  }

  /** These options with background maintenance every {@code value} ({@code null}: none). */
  public StoreOptions withMaintenanceInterval(Duration value) {
    return new StoreOptions(durability, retention, clock, chunkSamples, idleFlush, value);
  }
}
