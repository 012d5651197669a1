package io.tidemark.query.metrics;

/**
 * The series names the Metrics API reads. They are the kubelet's own Prometheus names, which the
 * collector stores whatever endpoint it scraped.
 */
public final class MetricNames {

  /** Cumulative CPU time of a node, in core-seconds. */
  public static final String NODE_CPU = "node_cpu_usage_seconds_total";

  /** Working-set memory of a node, in bytes. */
  public static final String NODE_MEMORY = "node_memory_working_set_bytes";

  /** The label every stored series carries: the Kubernetes node it came from. */
  public static final String NODE_LABEL = "node";

  private MetricNames() {}
}
