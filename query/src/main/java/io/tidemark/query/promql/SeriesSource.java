package io.tidemark.query.promql;

import io.tidemark.storage.LabelMatcher;
import io.tidemark.storage.Resolution;
import io.tidemark.storage.SeriesKey;
import io.tidemark.storage.rollup.Bucket;
import java.util.List;

/**
 * Where the engine reads series from. Implementations are thread-safe.
 *
 * <p>The engine asks for every selector's series once per query, with {@link SelectHints} saying
 * what the data is for, then reads each series' samples once for the whole query span: raw samples
 * with {@link #samples}, or, when the source has rollup tiers ({@link #tiers}) and the selection
 * can be answered from them, rollup buckets with {@link #buckets}. A source without tiers (the
 * defaults) is read raw only.
 */
public interface SeriesSource {

  /** The series every matcher matches, in any order. */
  List<SeriesKey> select(List<LabelMatcher> matchers, SelectHints hints);

  /**
   * The samples of a series with {@code fromExclusive < timestamp <= toInclusive}, oldest first.
   */
  Samples samples(SeriesKey series, long fromExclusive, long toInclusive);

  /** The rollup tiers {@link #buckets} can read, finest first; none by default. */
  default List<Resolution> tiers() {
    return List.of();
  }

  /**
   * The oldest time still kept at a resolution, {@code raw} or a tier name: data before it was
   * dropped by retention. {@code Long.MIN_VALUE} (the default) when nothing was dropped.
   */
  default long retainedFrom(String resolution) {
    return Long.MIN_VALUE;
  }

  /**
   * The buckets of a series in one of {@link #tiers} whose start lies in {@code [fromMillis,
   * toMillis]}, oldest first, as {@code TimeSeriesStore.rollups} gives them.
   *
   * @throws UnsupportedOperationException when the source has no tiers (the default)
   */
  default List<Bucket> buckets(
      SeriesKey series, String resolution, long fromMillis, long toMillis) {
    throw new UnsupportedOperationException("this source has no rollup tiers");
  }

  /**
   * What a selection is for, as Prometheus' {@code storage.SelectHints}: the place where a source
   * could answer from rollups instead of raw samples.
   *
   * @param startMillis the first timestamp the query needs data for (inclusive)
   * @param endMillis the last timestamp the query needs data for (inclusive)
   * @param stepMillis the range query's step; 0 for an instant query
   * @param rangeMillis the range of a range selector; 0 for an instant selector
   * @param function the function applied to the selection, like {@code rate}, or {@code null}
   */
  record SelectHints(
      long startMillis, long endMillis, long stepMillis, long rangeMillis, String function) {}

  /**
   * Samples of one series as primitive arrays, oldest first.
   *
   * @param timestamps milliseconds since the epoch; the first {@code size} are used
   * @param values the values; the first {@code size} are used
   * @param size how many samples there are
   */
  record Samples(long[] timestamps, double[] values, int size) {

    /** No samples. */
    public static final Samples EMPTY = new Samples(new long[0], new double[0], 0);

    /** Checks the sizes. */
    public Samples {
      if (size < 0 || size > timestamps.length || size > values.length) {
        throw new IllegalArgumentException("size " + size + " does not fit the arrays");
      }
    }
  }
}
