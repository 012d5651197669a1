package io.tidemark.query.promql;

import io.tidemark.storage.LabelMatcher;
import io.tidemark.storage.Resolution;
import io.tidemark.storage.Sample;
import io.tidemark.storage.SeriesKey;
import io.tidemark.storage.TimeSeriesStore;
import io.tidemark.storage.rollup.Bucket;
import java.util.List;
import java.util.Objects;

/**
 * Series of a {@link TimeSeriesStore}: selections from the series index, raw samples from {@link
 * TimeSeriesStore#read}, buckets of the store's rollup tiers from {@link TimeSeriesStore#rollups}.
 * Thread-safe as the store is.
 */
public final class StoreSeriesSource implements SeriesSource {

  private final TimeSeriesStore store;

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
    return store.retainedFrom(resolution);
  }

  @Override
  public List<Bucket> buckets(SeriesKey series, String resolution, long fromMillis, long toMillis) {
    return store.rollups(series, resolution, fromMillis, toMillis);
  }
}
