package io.tidemark.storage.rollup;

import io.tidemark.storage.sketch.LogSketch;

/**
 * The summary of one series over one bucket of a rollup tier: what is kept of raw samples once they
 * age out.
 *
 * @param start the bucket's start, a multiple of its step (milliseconds since the epoch)
 * @param count samples in the bucket (at least 1)
 * @param sum sum of their values
 * @param min smallest value
 * @param max largest value
 * @param first value of the first sample
 * @param last value of the last sample
 * @param firstTimestamp timestamp of the first sample
 * @param lastTimestamp timestamp of the last sample
 * @param increase for counters, the increase between the first and the last sample with resets
 *     corrected as in PromQL's {@code increase} (a drop counts from zero); {@code NaN} for gauges
 * @param sketch for gauges, a sketch of the values for quantiles; {@code null} for counters
 */
public record Bucket(
    long start,
    long count,
    double sum,
    double min,
    double max,
    double first,
    double last,
    long firstTimestamp,
    long lastTimestamp,
    double increase,
    LogSketch sketch) {

  /** Whether this bucket belongs to a counter. */
  public boolean isCounter() {
    return !Double.isNaN(increase);
  }
}
