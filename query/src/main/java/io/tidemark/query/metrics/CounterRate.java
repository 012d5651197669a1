package io.tidemark.query.metrics;

import io.tidemark.storage.Sample;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The CPU usage metrics-server reports for a cumulative CPU counter: its rate between the last two
 * points.
 *
 * @param nanoCores the rate, in billionths of a core
 * @param timestamp the time of the newer point
 * @param window the time between the two points
 */
record CounterRate(long nanoCores, Instant timestamp, Duration window) {

  /**
   * The rate between the last two of {@code samples} (oldest first, core-seconds), when there is
   * one to report at {@code now}: empty when there are fewer than two points, when the counter went
   * backwards (a restart: the kubelet's counters start again from zero), or when either point is
   * older than {@code maxAge} (a target that stopped answering is not "using" its last figures, and
   * a window over a gap in the data is not current usage).
   */
  static Optional<CounterRate> lastTwo(List<Sample> samples, Instant now, Duration maxAge) {
    if (samples.size() < 2) {
      return Optional.empty();
    }
    Sample previous = samples.get(samples.size() - 2);
    Sample last = samples.get(samples.size() - 1);
    long windowMillis = last.timestampMillis() - previous.timestampMillis();
    double used = last.value() - previous.value();
    if (windowMillis <= 0 || !(used >= 0) || Double.isInfinite(used)) {
      return Optional.empty();
    }
    Instant oldest = Instant.ofEpochMilli(previous.timestampMillis());
    if (Duration.between(oldest, now).compareTo(maxAge) > 0) {
      return Optional.empty();
    }
    return Optional.of(
        new CounterRate(
            Math.round(used / windowMillis * 1e12),
            Instant.ofEpochMilli(last.timestampMillis()),
            Duration.ofMillis(windowMillis)));
  }
}
