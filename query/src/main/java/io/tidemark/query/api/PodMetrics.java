package io.tidemark.query.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Objects;

/**
 * {@code PodMetrics} of {@code metrics.k8s.io/v1beta1}. Inside a list, {@code kind} and {@code
 * apiVersion} are left out, as metrics-server does.
 *
 * @param kind {@code PodMetrics}, or {@code null} inside a list
 * @param apiVersion {@code metrics.k8s.io/v1beta1}, or {@code null} inside a list
 * @param metadata the pod's name and namespace and the time of the answer
 * @param timestamp RFC 3339 time of the newer of the two points the usage of the pod's earliest
 *     container was computed from (metrics-server reports the earliest container's)
 * @param window the time between those two points, in Go duration notation
 * @param containers one entry per container with usage to report, sorted by name; never empty
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PodMetrics(
    String kind,
    String apiVersion,
    ObjectMeta metadata,
    String timestamp,
    String window,
    List<ContainerMetrics> containers) {

  /** The kind of a single pod's metrics. */
  public static final String KIND = "PodMetrics";

  /** Requires metadata and at least one container; copies the containers. */
  public PodMetrics {
    Objects.requireNonNull(metadata, "metadata");
    containers = List.copyOf(containers);
    if (containers.isEmpty()) {
      throw new IllegalArgumentException("a pod is reported with at least one container");
    }
  }

  /** The same metrics with {@code kind} and {@code apiVersion} set, for a single-object answer. */
  public PodMetrics standalone() {
    return new PodMetrics(KIND, NodeMetrics.API_VERSION, metadata, timestamp, window, containers);
  }
}
