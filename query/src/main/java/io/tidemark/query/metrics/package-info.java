/**
 * The Metrics API ({@code metrics.k8s.io/v1beta1}) computed from the store with metrics-server's
 * semantics, and the Kubernetes notations it needs (quantities, Go durations).
 */
package io.tidemark.query.metrics;
