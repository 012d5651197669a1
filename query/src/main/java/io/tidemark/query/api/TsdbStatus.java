package io.tidemark.query.api;

import io.tidemark.storage.StoreStats;

/**
 * The self-accounting of the store, the {@code data} of {@code /api/v1/status/tsdb}.
 *
 * @param series series known to the store
 * @param samplesIngested samples accepted over the store's life
 * @param samplesRejected samples rejected as out of order since start-up
 * @param bytesOnDisk bytes of all the store's files
 * @param bytesPerSample bytes on disk per ingested sample
 */
public record TsdbStatus(
    long series,
    long samplesIngested,
    long samplesRejected,
    long bytesOnDisk,
    double bytesPerSample) {

  /** The status of the given figures. */
  public static TsdbStatus of(StoreStats stats) {
    return new TsdbStatus(
        stats.series(),
        stats.samplesIngested(),
        stats.samplesRejected(),
        stats.bytesOnDisk(),
        stats.bytesPerSample());
  }
}
