package io.tidemark.query.promql;

import java.time.Duration;
import java.util.Objects;

/**
 * What one query may use. Each exceeded limit fails the query with a {@link QueryLimitException}
 * naming it (the time limit with a {@link QueryTimeoutException}), never with an {@link
 * OutOfMemoryError}.
 *
 * @param maxSeriesPerSelector series one selector may match
 * @param maxSamples samples a query may hold: every sample read from the store plus every point of
 *     a range query's result
 * @param maxQueryTime wall-clock time a query may run; a request may ask for less ({@code timeout})
 * @param maxPointsPerSeries points per series a range query may ask for, {@code (end - start) /
 *     step}, as Prometheus' 11,000
 */
public record QueryLimits(
    int maxSeriesPerSelector, long maxSamples, Duration maxQueryTime, int maxPointsPerSeries) {

  /**
   * 200,000 series per selector (every container of a 5,000-node cluster at 30 pods a node, with
   * room to spare), 50,000,000 samples (Prometheus' {@code --query.max-samples}; about 800 MB held
   * as primitive arrays), 2 minutes (Prometheus' {@code --query.timeout}), 11,000 points.
   */
  public static final QueryLimits DEFAULT =
      new QueryLimits(200_000, 50_000_000L, Duration.ofMinutes(2), 11_000);

  /** Every limit must be positive. */
  public QueryLimits {
    Objects.requireNonNull(maxQueryTime, "maxQueryTime");
    if (maxSeriesPerSelector <= 0
        || maxSamples <= 0
        || maxPointsPerSeries <= 0
        || maxQueryTime.isNegative()
        || maxQueryTime.isZero()) {
      throw new IllegalArgumentException("query limits must be positive");
    }
  }
}
