package io.tidemark.query.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/**
 * {@code NodeMetrics} of {@code metrics.k8s.io/v1beta1}. Inside a list, {@code kind} and {@code
 * apiVersion} are left out, as metrics-server does.
 *
 * @param kind {@code NodeMetrics}, or {@code null} inside a list
 * @param apiVersion {@code metrics.k8s.io/v1beta1}, or {@code null} inside a list
 * @param metadata the node's name and the time of the answer
 * @param timestamp RFC 3339 time of the newer of the two points the usage was computed from
 * @param window the time between those two points, in Go duration notation
 * @param usage CPU and memory
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NodeMetrics(
    String kind,
    String apiVersion,
    ObjectMeta metadata,
    String timestamp,
    String window,
    Usage usage) {

  /** The kind of a single node's metrics. */
  public static final String KIND = "NodeMetrics";

  /** The group and version of the Metrics API. */
  public static final String API_VERSION = "metrics.k8s.io/v1beta1";

  /** Requires metadata and usage. */
  public NodeMetrics {
    Objects.requireNonNull(metadata, "metadata");
    Objects.requireNonNull(usage, "usage");
  }

  /** The same metrics with {@code kind} and {@code apiVersion} set, for a single-object answer. */
  public NodeMetrics standalone() {
    return new NodeMetrics(KIND, API_VERSION, metadata, timestamp, window, usage);
  }
}
