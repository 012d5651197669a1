/**
 * The embedded time-series store: the values that cross its boundary ({@link
 * io.tidemark.storage.SeriesKey}, {@link io.tidemark.storage.Sample}, {@link
 * io.tidemark.storage.SeriesSample}) and the {@link io.tidemark.storage.TimeSeriesStore} contract.
 * Nothing here knows of HTTP or Kubernetes.
 */
package io.tidemark.storage;
