package io.tidemark.storage;

/**
 * Self-accounting of a store, for the status endpoint and the admin metrics.
 *
 * @param series number of series known to the store
 * @param samplesIngested samples accepted over the store's whole life
 * @param samplesRejected samples rejected as out of order since the store was opened
 * @param bytesOnDisk bytes of all files of the store
 */
public record StoreStats(
    long series, long samplesIngested, long samplesRejected, long bytesOnDisk) {

  /** Bytes on disk divided by samples ingested; 0 for an empty store. */
  public double bytesPerSample() {
    return samplesIngested == 0 ? 0 : (double) bytesOnDisk / samplesIngested;
  }
}
