package io.tidemark.query.api;

import java.util.List;
import java.util.Map;

/**
 * {@code NodeMetricsList} of {@code metrics.k8s.io/v1beta1}.
 *
 * @param kind always {@code NodeMetricsList}
 * @param apiVersion always {@code metrics.k8s.io/v1beta1}
 * @param metadata the list metadata; empty
 * @param items one entry per node with usage to report
 */
public record NodeMetricsList(
    String kind, String apiVersion, Map<String, Object> metadata, List<NodeMetrics> items) {

  /** Copies the items. */
  public NodeMetricsList {
    items = List.copyOf(items);
    metadata = Map.copyOf(metadata);
  }

  /** A list of the given items. */
  public static NodeMetricsList of(List<NodeMetrics> items) {
    return new NodeMetricsList("NodeMetricsList", NodeMetrics.API_VERSION, Map.of(), items);
  }
}
