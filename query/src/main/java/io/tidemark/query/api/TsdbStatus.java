package io.tidemark.query.api;

import io.tidemark.storage.StoreStats;
import java.util.List;

/**
 * The self-accounting of the store, the {@code data} of {@code /api/v1/status/tsdb}.
 *
 * @param series series known to the store
 * @param samplesIngested samples accepted over the store's life
 * @param samplesRejected samples rejected as out of order or too old since start-up
 * @param bytesOnDisk bytes of all the store's files
 * @param bytesPerSample bytes on disk per ingested sample
 * @param headSeries series with an open chunk in memory
 * @param headSamples samples in open chunks
 * @param journalRecords journal records not yet trimmed: the journal lag, in appends
 * @param journalBytes approximate bytes of the journal
 * @param rolledUpThrough end of the raw data already rolled up (ms since the epoch), or null
 * @param resolutions bytes and retention per resolution, raw first
 */
public record TsdbStatus(
    long series,
    long samplesIngested,
    long samplesRejected,
    long bytesOnDisk,
    double bytesPerSample,
    long headSeries,
    long headSamples,
    long journalRecords,
    long journalBytes,
    Long rolledUpThrough,
    List<StoreStats.ResolutionStats> resolutions) {

  /** The status of the given figures. */
  public static TsdbStatus of(StoreStats stats) {
    return new TsdbStatus(
        stats.series(),
        stats.samplesIngested(),
        stats.samplesRejected(),
        stats.bytesOnDisk(),
        stats.bytesPerSample(),
        stats.headSeries(),
        stats.headSamples(),
        stats.journalRecords(),
        stats.journalBytes(),
        stats.rolledUpThrough() == Long.MIN_VALUE ? null : stats.rolledUpThrough(),
        stats.resolutions());
  }
}
