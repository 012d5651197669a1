package io.tidemark.collector.health;

import com.codahale.metrics.health.HealthCheck;
import io.tidemark.storage.StoreStats;
import io.tidemark.storage.TimeSeriesStore;

/** Healthy while the store answers; the message carries its series and sample counts. */
public final class StoreHealthCheck extends HealthCheck {

  private final TimeSeriesStore store;

  /** A check of {@code store}. */
  public StoreHealthCheck(TimeSeriesStore store) {
    this.store = store;
  }

  @Override
  protected Result check() {
    StoreStats stats = store.stats();
    return Result.healthy(
        "%d series, %d samples ingested", stats.series(), stats.samplesIngested());
  }
}
