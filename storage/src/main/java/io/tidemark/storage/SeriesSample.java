package io.tidemark.storage;

import java.util.Objects;

/**
 * One point together with the series it belongs to: the unit of ingestion.
 *
 * @param series the series
 * @param timestampMillis milliseconds since the Unix epoch
 * @param value the value; NaN and infinities are allowed
 */
public record SeriesSample(SeriesKey series, long timestampMillis, double value) {

  /** Requires a series. */
  public SeriesSample {
    Objects.requireNonNull(series, "series");
  }
}
