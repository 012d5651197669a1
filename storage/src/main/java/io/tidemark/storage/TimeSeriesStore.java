package io.tidemark.storage;

import io.tidemark.storage.rollup.Bucket;
import java.util.List;
import java.util.Map;

/**
 * An append-mostly store of time series.
 *
 * <p>Contract:
 *
 * <ul>
 *   <li>{@link #append} makes one batch durable as a unit (one write per scrape): after it returns,
 *       every accepted sample survives a crash of the process.
 *   <li>Per series, timestamps only move forward: a sample whose timestamp equals the series' last
 *       one is dropped silently, an older one is rejected and counted.
 *   <li>Reads see every append that returned before they started.
 *   <li>All methods are safe to call from several threads.
 * </ul>
 */
public interface TimeSeriesStore extends AutoCloseable {

  /**
   * Stores a batch of samples.
   *
   * @return how many were accepted, dropped as duplicates, or rejected as out of order
   * @throws StorageException when the batch could not be made durable; then none of it is stored
   */
  default AppendResult append(List<SeriesSample> samples) {
    SampleBatch batch = new SampleBatch(samples.size());
    for (SeriesSample sample : samples) {
      batch.add(sample.series(), sample.timestampMillis(), sample.value());
    }
    return append(batch);
  }

  /**
   * Stores a batch of samples, as {@link #append(List)} does, and then gives every sample's series
   * handle through {@link SampleBatch#ref(int)}: adding those handles instead of the keys spares
   * the next append the lookup of each series by its labels.
   *
   * @return how many were accepted, dropped as duplicates, or rejected as out of order
   * @throws StorageException when the batch could not be made durable; then none of it is stored
   */
  AppendResult append(SampleBatch batch);

  /** The samples of a series with {@code fromMillis <= timestamp <= toMillis}, oldest first. */
  List<Sample> read(SeriesKey series, long fromMillis, long toMillis);

  /**
   * The samples {@link #read(SeriesKey, long, long)} gives, handed to {@code sink} oldest first
   * without a {@link Sample} each; for readers that keep samples in primitive arrays.
   */
  default void read(SeriesKey series, long fromMillis, long toMillis, SampleSink sink) {
    for (Sample s : read(series, fromMillis, toMillis)) {
      sink.accept(s.timestampMillis(), s.value());
    }
  }

  /** Up to the {@code count} newest samples of a series, oldest first; empty when unknown. */
  List<Sample> lastSamples(SeriesKey series, int count);

  /**
   * The series of a metric whose labels include every given name/value pair (an empty map matches
   * every series of the metric), in no particular order.
   */
  List<SeriesKey> findSeries(String metric, Map<String, String> labelEquals);

  /**
   * The series every matcher matches (PromQL selector semantics, see {@link LabelMatcher}), in no
   * particular order; answered from an inverted index.
   */
  List<SeriesKey> select(List<LabelMatcher> matchers);

  /** The label names of the known series, sorted, {@code __name__} included. */
  List<String> labelNames();

  /**
   * The distinct values of a label across the known series, sorted; for {@code __name__}, the
   * metric names. Empty for a label no series carries.
   */
  List<String> labelValues(String name);

  /**
   * The rollup buckets of a series in one rollup tier whose start lies in {@code [fromMillis,
   * toMillis]}, oldest first. Days not rolled up yet are computed from raw samples on the fly, so
   * the answer has no gap where the background rollup has not run.
   *
   * @param resolution a tier name of {@link #retention()}, like {@code 5m}
   * @throws IllegalArgumentException for an unknown tier, naming the known ones
   */
  List<Bucket> rollups(SeriesKey series, String resolution, long fromMillis, long toMillis);

  /** How long each resolution is kept now. */
  RetentionPolicy retention();

  /**
   * Changes how long each resolution is kept, from the next maintenance run on. The tiers
   * themselves are fixed when the store opens.
   *
   * @throws IllegalArgumentException when the tiers differ from the current ones
   */
  void retention(RetentionPolicy policy);

  /**
   * The oldest time (ms) a resolution ({@code raw}, {@code 5m}, ...) still returns: what retention
   * has dropped lies before it; {@code Long.MIN_VALUE} before the first retention run.
   */
  long retainedFrom(String resolution);

  /** Self-accounting figures. */
  StoreStats stats();

  /** Makes everything durable and releases the store's files; later calls fail. */
  @Override
  void close();
}
