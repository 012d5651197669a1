package io.tidemark.query.promql;

import io.tidemark.storage.LabelMatcher;
import io.tidemark.storage.Resolution;
import io.tidemark.storage.SampleSink;
import io.tidemark.storage.SeriesKey;
import io.tidemark.storage.TimeSeriesStore;
import io.tidemark.storage.rollup.Bucket;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Series of a {@link TimeSeriesStore}: selections from the series index, raw samples from {@link
 * TimeSeriesStore#read(SeriesKey, long, long, SampleSink)} straight into arrays, buckets of the
 * store's rollup tiers from {@link TimeSeriesStore#rollups}. Thread-safe as the store is.
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
    Growing read = new Growing();
    store.read(series, fromExclusive + 1, toInclusive, read);
    return read.size == 0 ? Samples.EMPTY : new Samples(read.timestamps, read.values, read.size);
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

  /** The samples of one read, in arrays that grow as they come. */
  private static final class Growing implements SampleSink {
    long[] timestamps = new long[32];
    double[] values = new double[32];
    int size;

    @Override
    public void accept(long timestampMillis, double value) {
      if (size == timestamps.length) {
        timestamps = Arrays.copyOf(timestamps, size * 2);
        values = Arrays.copyOf(values, size * 2);
      }
      timestamps[size] = timestampMillis;
      values[size++] = value;
    }
  }
}
