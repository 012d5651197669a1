package io.tidemark.query.series;

/**
 * The names and labels of stored series that a writer (the collector's parsers and scraper) and a
 * reader (the Metrics API, capacity, PromQL users) share, each spelled once. docs/metrics.md lists
 * every series with its unit and labels; a test checks that every constant here is documented
 * there.
 *
 * <p>The Summary's series are named {@code <scope>_<suffix>}: a scope prefix ({@link #NODE}, {@link
 * #NODE_SYSTEM_CONTAINER}, {@link #POD}, {@link #CONTAINER}) and a figure's suffix. The suffixes
 * that readers use and the full names they read are here, as compile-time constants; the
 * collector's {@code Names} builds the others. The kubelet's {@code /metrics/resource} uses the
 * same names for the same quantities. Names in the kube-state-metrics style ({@code kube_*}) follow
 * kube-state-metrics.
 *
 * <p>Contract: values never change without a migration of stored data; every constant is a
 * Prometheus name ({@code [a-zA-Z_][a-zA-Z0-9_]*}) except the label values ({@code RESOURCE_*},
 * {@code UNIT_*}).
 */
public final class SeriesNames {

  private SeriesNames() {}

  // Labels.

  /** Label every stored series carries: the Kubernetes node it was scraped from. */
  public static final String NODE_LABEL = "node";

  /** Label of a pod's or container's series: the pod's namespace. */
  public static final String NAMESPACE_LABEL = "namespace";

  /** Label of a pod's or container's series: the pod's name. */
  public static final String POD_LABEL = "pod";

  /** Label of a container's series: the container's name. */
  public static final String CONTAINER_LABEL = "container";

  /** Label of {@link #KUBE_POD_LABEL}: the pod label's exact key. */
  public static final String KEY_LABEL = "key";

  /** Label of {@link #KUBE_POD_LABEL}: the pod label's value (absent when empty). */
  public static final String VALUE_LABEL = "value";

  /** Label of {@link #KUBE_POD_OWNER}: the owner reference's kind ({@code ReplicaSet}, ...). */
  public static final String OWNER_KIND_LABEL = "owner_kind";

  /** Label of {@link #KUBE_POD_OWNER}: the owner reference's name. */
  public static final String OWNER_NAME_LABEL = "owner_name";

  /**
   * Label of {@link #KUBE_POD_OWNER}: {@code true} or {@code false}, the reference's controller.
   */
  public static final String OWNER_IS_CONTROLLER_LABEL = "owner_is_controller";

  /** Label of resource requests, limits and capacity: {@link #RESOURCE_CPU} or memory. */
  public static final String RESOURCE_LABEL = "resource";

  /** Label of resource requests, limits and capacity: {@link #UNIT_CORE} or {@link #UNIT_BYTE}. */
  public static final String UNIT_LABEL = "unit";

  // Label values.

  /** {@link #RESOURCE_LABEL} value of CPU figures, which are in {@link #UNIT_CORE}. */
  public static final String RESOURCE_CPU = "cpu";

  /** {@link #RESOURCE_LABEL} value of memory figures, which are in {@link #UNIT_BYTE}. */
  public static final String RESOURCE_MEMORY = "memory";

  /** {@link #UNIT_LABEL} value: cores. */
  public static final String UNIT_CORE = "core";

  /** {@link #UNIT_LABEL} value: bytes. */
  public static final String UNIT_BYTE = "byte";

  // Scope prefixes of the Summary's series.

  /** Scope prefix of a node's own figures, labelled {@link #NODE_LABEL}. */
  public static final String NODE = "node";

  /** Scope prefix of a node's system containers' figures (kubelet, runtime, pods, misc). */
  public static final String NODE_SYSTEM_CONTAINER = "node_system_container";

  /** Scope prefix of a pod's figures, labelled node, namespace and pod. */
  public static final String POD = "pod";

  /** Scope prefix of a container's figures, labelled node, namespace, pod and container. */
  public static final String CONTAINER = "container";

  // Figure suffixes that readers use.

  /** Suffix: cumulative CPU time, in core-seconds (a counter). */
  public static final String CPU_USAGE_SECONDS_TOTAL = "cpu_usage_seconds_total";

  /** Suffix: working-set memory, in bytes. */
  public static final String MEMORY_WORKING_SET_BYTES = "memory_working_set_bytes";

  /** Suffix: memory available before the limit (the node's free memory), in bytes. */
  public static final String MEMORY_AVAILABLE_BYTES = "memory_available_bytes";

  // Series of the Summary and /metrics/resource.

  /** Cumulative CPU time of a node, in core-seconds (a counter). */
  public static final String NODE_CPU_USAGE_SECONDS_TOTAL = NODE + "_" + CPU_USAGE_SECONDS_TOTAL;

  /** Working-set memory of a node, in bytes. */
  public static final String NODE_MEMORY_WORKING_SET_BYTES = NODE + "_" + MEMORY_WORKING_SET_BYTES;

  /** Memory a node has available, in bytes. */
  public static final String NODE_MEMORY_AVAILABLE_BYTES = NODE + "_" + MEMORY_AVAILABLE_BYTES;

  /** Cumulative CPU time of a container, in core-seconds (a counter). */
  public static final String CONTAINER_CPU_USAGE_SECONDS_TOTAL =
      CONTAINER + "_" + CPU_USAGE_SECONDS_TOTAL;

  /** Working-set memory of a container, in bytes. */
  public static final String CONTAINER_MEMORY_WORKING_SET_BYTES =
      CONTAINER + "_" + MEMORY_WORKING_SET_BYTES;

  // Series of /pods, in kube-state-metrics' names.

  /**
   * One series per pod and scrape of the kubelet's {@code /pods}, value 1, its labels as {@code
   * label_KEY} with characters replaced (kube-state-metrics' form); its newest sample tells when
   * the pod's labels were last read.
   */
  public static final String KUBE_POD_LABELS = "kube_pod_labels";

  /**
   * One series per pod label, value 1, with its exact {@link #KEY_LABEL} and {@link #VALUE_LABEL}.
   */
  public static final String KUBE_POD_LABEL = "kube_pod_label";

  /** One series per owner reference of a pod, value 1, labelled {@code owner_*}. */
  public static final String KUBE_POD_OWNER = "kube_pod_owner";

  /**
   * A container's resource request, in cores or bytes ({@link #RESOURCE_LABEL}, {@link
   * #UNIT_LABEL}).
   */
  public static final String KUBE_POD_CONTAINER_RESOURCE_REQUESTS =
      "kube_pod_container_resource_requests";

  /**
   * A container's resource limit, in cores or bytes ({@link #RESOURCE_LABEL}, {@link #UNIT_LABEL}).
   */
  public static final String KUBE_POD_CONTAINER_RESOURCE_LIMITS =
      "kube_pod_container_resource_limits";

  // Series of every scrape.

  /** 1 when every configured endpoint of the scrape was fetched and parsed, else 0. */
  public static final String UP = "up";

  /** How long a scrape took, in seconds. */
  public static final String SCRAPE_DURATION_SECONDS = "scrape_duration_seconds";

  /** How many samples a scrape produced (besides these three), a count. */
  public static final String SCRAPE_SAMPLES_SCRAPED = "scrape_samples_scraped";

  /**
   * A node's capacity as its Node object states it, in cores or bytes ({@link #RESOURCE_LABEL},
   * {@link #UNIT_LABEL}); written with each scrape when Kubernetes discovery is on.
   */
  public static final String KUBE_NODE_STATUS_CAPACITY = "kube_node_status_capacity";

  // Series of /metrics/cadvisor (cAdvisor's names; config's default allow-list spells them too,
  // since the config module is below this one).

  /** cAdvisor's count of a node's CPU cores. */
  public static final String MACHINE_CPU_CORES = "machine_cpu_cores";

  /** cAdvisor's figure of a node's memory, in bytes. */
  public static final String MACHINE_MEMORY_BYTES = "machine_memory_bytes";
}
