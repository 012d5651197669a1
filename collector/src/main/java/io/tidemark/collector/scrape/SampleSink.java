package io.tidemark.collector.scrape;

import io.tidemark.storage.SeriesKey;

/** Receives the samples a parser finds, in payload order. Not thread-safe unless said so. */
@FunctionalInterface
public interface SampleSink {

  /** One sample of {@code series}. */
  void accept(SeriesKey series, long timestampMillis, double value);
}
