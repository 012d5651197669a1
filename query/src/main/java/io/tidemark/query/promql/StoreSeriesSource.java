package io.tidemark.query.promql;

import io.tidemark.storage.LabelMatcher;
import io.tidemark.storage.Sample;
import io.tidemark.storage.SeriesKey;
import io.tidemark.storage.TimeSeriesStore;
import java.util.List;
import java.util.Objects;

/**
 * Raw samples from a {@link TimeSeriesStore}: every selection is answered from the series index,
 * every read from raw samples. Thread-safe as the store is.
 *
 * <p>Rollups are not used yet; see the design note in {@link Evaluation} on where choosing a tier
 * from the {@link SelectHints} would go.
 */
public final class StoreSeriesSource implements SeriesSource {

  private final TimeSeriesStore store;

  /** A source reading raw samples from {@code store}. */
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
}
