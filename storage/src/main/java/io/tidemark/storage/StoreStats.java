package io.tidemark.storage;

import java.util.List;

/**
 * Self-accounting of a store, for the status endpoint and the admin metrics.
 *
 * @param series number of series known to the store
 * @param samplesIngested samples accepted over the store's whole life
 * @param samplesRejected samples rejected as out of order or too old since the store was opened
 * @param bytesOnDisk bytes of all files of the store
 * @param headSeries series with an open (not yet flushed) chunk
 * @param headSamples samples in open chunks, held in memory and in the journal
 * @param journalRecords journal records not yet trimmed (appends whose samples are not all in
 *     chunks yet)
 * @param journalBytes approximate bytes of those records
 * @param rolledUpThrough end (exclusive, milliseconds) of the raw data already rolled up; {@code
 *     Long.MIN_VALUE} when none is
 * @param resolutions bytes and retention per resolution, raw first
 */
public record StoreStats(
    long series,
    long samplesIngested,
    long samplesRejected,
    long bytesOnDisk,
    long headSeries,
    long headSamples,
    long journalRecords,
    long journalBytes,
    long rolledUpThrough,
    List<ResolutionStats> resolutions) {

  /**
   * One resolution's figures.
   *
   * @param name {@code raw}, {@code 5m}, {@code 1h}, ...
   * @param retention how long it is kept, like {@code 7d}
   * @param bytes bytes of its column family (files and memory tables)
   * @param retainedFrom the oldest time (ms) still kept; {@code Long.MIN_VALUE} before the first
   *     retention run
   */
  public record ResolutionStats(String name, String retention, long bytes, long retainedFrom) {}

  /** Bytes on disk divided by samples ingested; 0 for an empty store. */
  public double bytesPerSample() {
    return samplesIngested == 0 ? 0 : (double) bytesOnDisk / samplesIngested;
  }
}
