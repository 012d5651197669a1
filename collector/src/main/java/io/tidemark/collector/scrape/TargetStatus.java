package io.tidemark.collector.scrape;

import io.tidemark.config.TargetSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What is known of a target after its latest scrape; an immutable snapshot.
 *
 * @param target the node and its URL
 * @param health up, down or unknown
 * @param lastScrape when the latest scrape started, or {@code null} before the first
 * @param lastDuration how long it took, or {@code null} before the first
 * @param lastError why it failed, or {@code null} when it succeeded
 * @param samples samples the latest scrape produced
 * @param bytes bytes the latest scrape read
 * @param scrapes scrapes so far
 * @param failures failed scrapes so far
 * @param consecutiveFailures failed scrapes since the last success
 */
public record TargetStatus(
    TargetSpec target,
    Health health,
    Instant lastScrape,
    Duration lastDuration,
    String lastError,
    int samples,
    long bytes,
    long scrapes,
    long failures,
    int consecutiveFailures) {

  /** Requires a target and a health. */
  public TargetStatus {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(health, "health");
  }

  /** The status of a target not scraped yet. */
  public static TargetStatus unknown(TargetSpec target) {
    return new TargetStatus(target, Health.UNKNOWN, null, null, null, 0, 0, 0, 0, 0);
  }

  /** The status after a successful scrape. */
  TargetStatus succeeded(Instant at, Duration took, int sampleCount, long byteCount) {
    return new TargetStatus(
        target, Health.UP, at, took, null, sampleCount, byteCount, scrapes + 1, failures, 0);
  }

  /** The status after a failed scrape. */
  TargetStatus failed(Instant at, Duration took, String error, long byteCount) {
    return new TargetStatus(
        target,
        Health.DOWN,
        at,
        took,
        error,
        0,
        byteCount,
        scrapes + 1,
        failures + 1,
        consecutiveFailures + 1);
  }
}
