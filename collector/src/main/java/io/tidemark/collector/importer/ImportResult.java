package io.tidemark.collector.importer;

/**
 * What became of the samples of an import.
 *
 * @param read samples read from the input
 * @param accepted samples stored
 * @param duplicates samples dropped because the series' newest sample has the same timestamp
 * @param rejected samples refused: older than the series' newest sample, or in a day the store has
 *     already sealed and rolled up or dropped by retention
 */
public record ImportResult(long read, long accepted, long duplicates, long rejected) {

  /** Nothing imported. */
  public static final ImportResult NONE = new ImportResult(0, 0, 0, 0);

  /** Counts must not be negative. */
  public ImportResult {
    if (read < 0 || accepted < 0 || duplicates < 0 || rejected < 0) {
      throw new IllegalArgumentException("negative count");
    }
  }

  /** The sum of both. */
  public ImportResult plus(ImportResult other) {
    return new ImportResult(
        read + other.read,
        accepted + other.accepted,
        duplicates + other.duplicates,
        rejected + other.rejected);
  }

  /** Like {@code 1,000 samples read: 990 stored, 10 duplicates, 0 rejected}. */
  @Override
  public String toString() {
    return String.format(
        "%,d samples read: %,d stored, %,d duplicates, %,d rejected",
        read, accepted, duplicates, rejected);
  }
}
