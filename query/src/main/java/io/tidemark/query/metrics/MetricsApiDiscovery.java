package io.tidemark.query.metrics;

import io.tidemark.query.api.ApiGroup;
import io.tidemark.query.api.ApiGroupList;
import io.tidemark.query.api.ApiResourceList;
import io.tidemark.query.api.ApiVersions;
import java.util.List;

/**
 * The discovery documents of the Metrics API, as metrics-server's generic API server writes them:
 * clients (kubectl, the HPA controller) and the aggregation layer read them to find {@code
 * metrics.k8s.io/v1beta1} and its {@code nodes} and {@code pods}.
 */
public final class MetricsApiDiscovery {

  /** The API group. */
  public static final String GROUP = "metrics.k8s.io";

  /** The only version served. */
  public static final String VERSION = "v1beta1";

  /** {@code metrics.k8s.io/v1beta1}. */
  public static final String GROUP_VERSION = GROUP + "/" + VERSION;

  private static final List<String> VERBS = List.of("get", "list");

  private MetricsApiDiscovery() {}

  /**
   * {@code /apis/metrics.k8s.io/v1beta1}. metrics-server gives {@code node} as the singular name of
   * {@code nodes} and leaves that of {@code pods} empty; so does this.
   */
  public static ApiResourceList resources() {
    return ApiResourceList.of(
        GROUP_VERSION,
        List.of(
            new ApiResourceList.Resource("nodes", "node", false, "NodeMetrics", VERBS),
            new ApiResourceList.Resource("pods", "", true, "PodMetrics", VERBS)));
  }

  /** {@code /apis/metrics.k8s.io}. */
  public static ApiGroup group() {
    return ApiGroup.of(GROUP, VERSION).standalone();
  }

  /** {@code /apis}: the one group served. */
  public static ApiGroupList groups() {
    return ApiGroupList.of(List.of(ApiGroup.of(GROUP, VERSION)));
  }

  /**
   * {@code /api}: no core version, since Tidemark serves no core resources (no {@code
   * /api/v1/nodes}); clients then look for every group under {@code /apis}.
   *
   * @param serverAddress the {@code host:port} the client reached
   */
  public static ApiVersions coreVersions(String serverAddress) {
    return ApiVersions.of(List.of(), serverAddress);
  }
}
