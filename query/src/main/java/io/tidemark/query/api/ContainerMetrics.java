package io.tidemark.query.api;

import java.util.Objects;

/**
 * {@code ContainerMetrics} of {@code metrics.k8s.io/v1beta1}: one container's usage inside a {@link
 * PodMetrics}.
 *
 * @param name the container's name, as in the pod's spec
 * @param usage CPU and working-set memory
 */
public record ContainerMetrics(String name, Usage usage) {

  /** Requires both fields. */
  public ContainerMetrics {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(usage, "usage");
  }
}
