package io.tidemark.query.resources;

import io.tidemark.query.metrics.NodeMetricsService;
import io.tidemark.query.metrics.PodMetricsService;
import io.tidemark.storage.TimeSeriesStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Every resource of the Metrics API ({@code metrics.k8s.io/v1beta1}) over one store: node and pod
 * usage and the discovery documents at {@code /api}, {@code /apis}, {@code /apis/metrics.k8s.io}
 * and {@code /apis/metrics.k8s.io/v1beta1}, which the aggregation layer and {@code kubectl top}
 * read. Registering them all is what makes Tidemark a drop-in for metrics-server.
 */
public final class MetricsApiResources {

  private MetricsApiResources() {}

  /**
   * The resources to register with Jersey.
   *
   * @param maxAge how old the points of a node or container may be for it to be reported
   */
  public static List<Object> create(TimeSeriesStore store, Clock clock, Duration maxAge) {
    return List.of(
        new NodeMetricsResource(new NodeMetricsService(store, clock, maxAge)),
        new PodMetricsResource(new PodMetricsService(store, clock, maxAge)),
        new DiscoveryResource(),
        new CoreDiscoveryResource());
  }
}
