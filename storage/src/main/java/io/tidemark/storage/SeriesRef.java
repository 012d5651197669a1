package io.tidemark.storage;

/**
 * A store's handle on one of its series, given back by {@link TimeSeriesStore#append(SampleBatch)}
 * so that later appends of the same series skip the lookup by labels (as a Prometheus scrape cache
 * keeps series references). Opaque; valid only for the store that gave it. A handle of a series the
 * store has since forgotten, or of another store, is not an error: the store then finds the series
 * by its key.
 */
public interface SeriesRef {

  /** The series this handle stands for. */
  SeriesKey key();
}
