package io.tidemark.storage;

/**
 * Receives the samples of a read one at a time, oldest first, without an object per sample: see
 * {@link TimeSeriesStore#read(SeriesKey, long, long, SampleSink)}. Called on the reading thread
 * only.
 */
@FunctionalInterface
public interface SampleSink {

  /** One sample. */
  void accept(long timestampMillis, double value);
}
