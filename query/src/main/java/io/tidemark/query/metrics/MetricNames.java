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

  /** Cumulative CPU time of a container, in core-seconds. */
  public static final String CONTAINER_CPU = "container_cpu_usage_seconds_total";

  /** Working-set memory of a container, in bytes. */
  public static final String CONTAINER_MEMORY = "container_memory_working_set_bytes";

  /**
   * One series per pod and scrape of the kubelet's {@code /pods}, its labels as {@code label_KEY}
   * with characters replaced (kube-state-metrics' form); its newest sample tells when the pod's
   * labels were last read.
   */
  public static final String KUBE_POD_LABELS = "kube_pod_labels";

  /** One series per pod label, with its exact {@code key} and {@code value}, value 1. */
  public static final String KUBE_POD_LABEL = "kube_pod_label";

  /** The label of {@link #KUBE_POD_LABEL} holding the pod label's key. */
  public static final String KEY_LABEL = "key";

  /** The label of {@link #KUBE_POD_LABEL} holding the pod label's value (absent when empty). */
  public static final String VALUE_LABEL = "value";

  /** The label every stored series carries: the Kubernetes node it came from. */
  public static final String NODE_LABEL = "node";

  /** The namespace of a pod's or container's series. */
  public static final String NAMESPACE_LABEL = "namespace";

  /** The pod name of a pod's or container's series. */
  public static final String POD_LABEL = "pod";

  /** The container name of a container's series. */
  public static final String CONTAINER_LABEL = "container";

  private MetricNames() {}
}
