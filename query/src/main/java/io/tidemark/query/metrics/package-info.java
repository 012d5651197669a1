/**
 * The Metrics API ({@code metrics.k8s.io/v1beta1}) computed from the store with metrics-server's
 * semantics ({@link io.tidemark.query.metrics.NodeMetricsService}, {@link
 * io.tidemark.query.metrics.PodMetricsService}), its discovery documents, Kubernetes field and
 * label selectors (pods' labels as the kubelets' {@code /pods} last reported them), and the
 * Kubernetes notations it needs (quantities, Go durations).
 */
package io.tidemark.query.metrics;
