package io.tidemark.query.promql;

import io.tidemark.storage.LabelMatcher;
import io.tidemark.storage.Resolution;
import io.tidemark.storage.Sample;
import io.tidemark.storage.SeriesKey;
import io.tidemark.storage.StoreStats;
import io.tidemark.storage.TimeSeriesStore;
import io.tidemark.storage.rollup.Bucket;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Series of a {@link TimeSeriesStore}: selections from the series index, raw samples from {@link
 * TimeSeriesStore#read}, buckets of the store's rollup tiers from {@link TimeSeriesStore#rollups}.
 * Thread-safe as the store is.
 *
 * <p>What retention has dropped ({@link #retainedFrom}) is read from the store's {@link
 * TimeSeriesStore#stats() stats} at most once a second, as it changes only when maintenance runs.
 */
public final class StoreSeriesSource implements SeriesSource {

  private static final long RETENTION_CACHE_NANOS = 1_000_000_000L;

  private final TimeSeriesStore store;
  private volatile RetainedFrom retained;

  /** A source over {@code store}. */
  public StoreSeriesSource(TimeSeriesStore store) {
    this.store = Objects.requireNonNull(store, "store");
  }

  @Override
  public List<SeriesKey> select(List<LabelMatcher> matchers, SelectHints hints) {
    return store.select(matchers);
  }

  @Override
  public Samples samples(SeriesKey series, long fromExclusive, long toInclusive) {
    if (fromExclusive == Long.MAX_VALUE || fromExclusive >= toInclusive) {
      return Samples.EMPTY;
    }
    List<Sample> read = store.read(series, fromExclusive + 1, toInclusive);
    int n = read.size();
    long[] timestamps = new long[n];
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      Sample s = read.get(i);
      timestamps[i] = s.timestampMillis();
      values[i] = s.value();
    }
    return new Samples(timestamps, values, n);
  }

  @Override
  public List<Resolution> tiers() {
    return store.retention().rollups();
  }

  @Override
  public long retainedFrom(String resolution) {
    RetainedFrom current = retained;
    long now = System.nanoTime();
    if (current == null || now - current.readAtNanos() > RETENTION_CACHE_NANOS) {
      Map<String, Long> byName = new HashMap<>();
      for (StoreStats.ResolutionStats r : store.stats().resolutions()) {
        byName.put(r.name(), r.retainedFrom());
      }
      current = new RetainedFrom(now, byName);
      retained = current;
    }
    return current.byName().getOrDefault(resolution, Long.MIN_VALUE);
  }

  @Override
  public List<Bucket> buckets(SeriesKey series, String resolution, long fromMillis, long toMillis) {
    return store.rollups(series, resolution, fromMillis, toMillis);
  }

  /** The retention cutoffs per resolution, as read at {@code readAtNanos}. */
  private record RetainedFrom(long readAtNanos, Map<String, Long> byName) {}
}
