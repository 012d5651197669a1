package io.tidemark.query.capacity;

import java.util.List;
import java.util.Map;

/**
 * The usage of one entity over a window.
 *
 * @param entity the entity's labels ({@code node}, {@code namespace}, {@code workload}, ...)
 * @param buckets 5-minute values the figures are computed from
 * @param p50 median 5-minute value (HdrHistogram, 3 significant digits)
 * @param p90 90th percentile
 * @param p95 95th percentile
 * @param p99 99th percentile
 * @param max the largest 5-minute value (exact)
 * @param peak the largest value seen: for memory the largest raw sample of the bucket, summed over
 *     the entity's series; for CPU the largest 5-minute average
 * @param dailyPeaks the peak of each UTC day
 * @param trend least-squares line through the daily peaks
 * @param capacity the node's (or cluster's) capacity in the same unit, when known
 * @param capacityReachedAt the date (UTC) the trend line reaches {@code capacity}, when it rises
 */
public record Trend(
    Map<String, String> entity,
    int buckets,
    double p50,
    double p90,
    double p95,
    double p99,
    double max,
    double peak,
    List<DailyPeak> dailyPeaks,
    Line trend,
    Double capacity,
    String capacityReachedAt) {

  /** One day's peak. */
  public record DailyPeak(String date, double value) {}

  /**
   * {@code value = intercept + slopePerDay * days}, days counted from {@code origin}.
   *
   * @param origin the first day (UTC) of the window
   * @param slopePerDay change per day, in the resource's unit
   * @param intercept value at the origin
   */
  public record Line(String origin, double slopePerDay, double intercept) {}
}
