package io.tidemark.query.promql;

import io.tidemark.storage.Resolution;
import io.tidemark.storage.SeriesKey;
import io.tidemark.storage.rollup.Rollups;
import java.util.List;
import java.util.Set;

/**
 * Chooses, for one selector of a query, whether it is read from raw samples or from a rollup tier,
 * and which tier. The rules (also in {@code docs/query.md}, "Resolutions"):
 *
 * <ol>
 *   <li>Only selections a bucket can answer qualify: a range selector under {@code max_over_time},
 *       {@code min_over_time}, {@code sum_over_time}, {@code count_over_time}, {@code
 *       avg_over_time}, {@code last_over_time}, {@code delta}, {@code rate} and {@code increase}
 *       (counters only: every selected metric ends in {@code _total}) or {@code quantile_over_time}
 *       (gauges only, from their sketches); and a plain instant selector.
 *   <li>In a range query, the coarsest tier whose step divides the query's step, the selector's
 *       range and {@code start - offset} (so every window is made of whole buckets) is read: exact
 *       but for floating-point rounding of sums. A plain instant selector without such a tier takes
 *       the coarsest tier whose step is at most the query's step: approximate.
 *   <li>Otherwise raw samples are read, unless retention has dropped raw samples the selector needs
 *       and a tier still holds them: then the finest tier that reaches back far enough (else the
 *       one reaching furthest back) answers, approximately when windows are not aligned to it.
 * </ol>
 *
 * <p>A tier is only chosen when it holds the whole span the selector needs, or raw does not either.
 */
final class TierChoice {

  private static final Set<PromFunction> FROM_BUCKETS =
      Set.of(
          PromFunction.MAX_OVER_TIME,
          PromFunction.MIN_OVER_TIME,
          PromFunction.SUM_OVER_TIME,
          PromFunction.COUNT_OVER_TIME,
          PromFunction.AVG_OVER_TIME,
          PromFunction.LAST_OVER_TIME,
          PromFunction.QUANTILE_OVER_TIME,
          PromFunction.RATE,
          PromFunction.INCREASE,
          PromFunction.DELTA);

  private TierChoice() {}

  /**
   * The tier to read a selector from, or {@code null} for raw samples.
   *
   * @param function the function over the range selector, or {@code null} (an instant selector when
   *     {@code range} is 0)
   * @param range the range selector's range; 0 for an instant selector
   * @param offset the selector's offset
   * @param start the query's first evaluation time
   * @param step the range query's step; 0 for an instant query
   * @param from the first timestamp the selector needs
   */
  static Resolution choose(
      SeriesSource source,
      List<SeriesKey> keys,
      PromFunction function,
      long range,
      long offset,
      long start,
      long step,
      long from) {
    boolean instant = function == null && range == 0;
    boolean fromBuckets = function != null && FROM_BUCKETS.contains(function);
    if (!(instant || fromBuckets) || keys.isEmpty() || !kindsFit(function, keys)) {
      return null;
    }
    List<Resolution> tiers = source.tiers();
    if (tiers.isEmpty()) {
      return null;
    }
    if (step > 0) {
      for (int i = tiers.size() - 1; i >= 0; i--) {
        Resolution tier = tiers.get(i);
        long s = tier.stepMillis();
        boolean aligned = step % s == 0 && range % s == 0 && Math.floorMod(start - offset, s) == 0;
        if (aligned && source.retainedFrom(tier.name()) <= from) {
          return tier;
        }
      }
      for (int i = tiers.size() - 1; i >= 0 && instant; i--) {
        Resolution tier = tiers.get(i);
        if (tier.stepMillis() <= step && source.retainedFrom(tier.name()) <= from) {
          return tier;
        }
      }
    }
    long rawFrom = source.retainedFrom("raw");
    if (rawFrom == Long.MIN_VALUE || rawFrom <= from) {
      return null; // raw holds everything the selector needs
    }
    Resolution furthest = null;
    long furthestFrom = rawFrom;
    for (Resolution tier : tiers) { // finest first
      long tierFrom = source.retainedFrom(tier.name());
      if (tierFrom <= from) {
        return tier;
      }
      if (tierFrom < furthestFrom) {
        furthest = tier;
        furthestFrom = tierFrom;
      }
    }
    return furthest;
  }

  /** Whether the buckets of every series keep what the function needs. */
  private static boolean kindsFit(PromFunction function, List<SeriesKey> keys) {
    if (function != PromFunction.RATE
        && function != PromFunction.INCREASE
        && function != PromFunction.QUANTILE_OVER_TIME) {
      return true;
    }
    boolean counters = function != PromFunction.QUANTILE_OVER_TIME;
    for (SeriesKey key : keys) {
      if (Rollups.isCounter(key.metric()) != counters) {
        return false;
      }
    }
    return true;
  }
}
