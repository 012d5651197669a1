package io.tidemark.collector.api;

import io.tidemark.collector.scrape.Health;
import io.tidemark.collector.scrape.TargetStatus;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * One target in {@code /api/v1/targets}, in the spirit of Prometheus' {@code activeTargets}.
 *
 * @param node the node name
 * @param scrapeUrl the kubelet's base URL
 * @param labels the labels every series of this target carries
 * @param health {@code up}, {@code down} or {@code unknown}
 * @param lastError why the latest scrape failed; empty when it succeeded
 * @param lastScrape RFC 3339 start of the latest scrape; {@code null} before the first
 * @param lastScrapeDuration its duration in seconds
 * @param samples samples the latest scrape produced
 * @param bytes bytes the latest scrape read
 * @param scrapes scrapes so far
 * @param failures failed scrapes so far
 * @param consecutiveFailures failed scrapes since the last success; a down target is tried every
 *     {@code min(2^(n-1), 4)} intervals
 */
public record TargetView(
    String node,
    String scrapeUrl,
    Map<String, String> labels,
    Health health,
    String lastError,
    String lastScrape,
    double lastScrapeDuration,
    int samples,
    long bytes,
    long scrapes,
    long failures,
    int consecutiveFailures) {

  /** The view of a status. */
  public static TargetView of(TargetStatus status) {
    return new TargetView(
        status.target().node(),
        status.target().url().toString(),
        Map.of("node", status.target().node()),
        status.health(),
        status.lastError() == null ? "" : status.lastError(),
        status.lastScrape() == null
            ? null
            : status.lastScrape().truncatedTo(ChronoUnit.MILLIS).toString(),
        status.lastDuration() == null ? 0 : status.lastDuration().toNanos() / 1e9,
        status.samples(),
        status.bytes(),
        status.scrapes(),
        status.failures(),
        status.consecutiveFailures());
  }
}
