package io.tidemark.storage;

/**
 * What became of the samples of one {@link TimeSeriesStore#append} call.
 *
 * @param accepted samples stored
 * @param duplicates samples dropped because their timestamp equals the series' last one
 * @param outOfOrder samples rejected because their timestamp is older than the series' last one
 */
public record AppendResult(int accepted, int duplicates, int outOfOrder) {

  /** Counts must not be negative. */
  public AppendResult {
    if (accepted < 0 || duplicates < 0 || outOfOrder < 0) {
      throw new IllegalArgumentException("negative count");
    }
  }
}
