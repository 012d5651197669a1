package io.tidemark.query.api;

import java.util.List;
import java.util.Map;

/**
 * {@code PodMetricsList} of {@code metrics.k8s.io/v1beta1}.
 *
 * @param kind always {@code PodMetricsList}
 * @param apiVersion always {@code metrics.k8s.io/v1beta1}
 * @param metadata the list metadata; empty
 * @param items one entry per pod with usage to report, sorted by namespace, then name
 */
public record PodMetricsList(
    String kind, String apiVersion, Map<String, Object> metadata, List<PodMetrics> items) {

  /** Copies the items. */
  public PodMetricsList {
    items = List.copyOf(items);
    metadata = Map.copyOf(metadata);
  }

  /** A list of the given items. */
  public static PodMetricsList of(List<PodMetrics> items) {
    return new PodMetricsList("PodMetricsList", NodeMetrics.API_VERSION, Map.of(), items);
  }
}
