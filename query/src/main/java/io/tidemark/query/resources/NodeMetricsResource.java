package io.tidemark.query.resources;

import io.tidemark.query.api.NodeMetricsList;
import io.tidemark.query.metrics.FieldSelector;
import io.tidemark.query.metrics.NodeMetricsService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

/**
 * {@code /apis/metrics.k8s.io/v1beta1/nodes}: node usage as metrics-server serves it.
 *
 * <p>A list takes a {@code fieldSelector} on {@code metadata.name} ({@code =}, {@code ==}, {@code
 * !=}); a {@code labelSelector} other than empty is refused with 400, as node labels are not
 * stored. Answers are JSON whatever the request accepts (see {@link KubernetesResponses}).
 */
@Path("/apis/metrics.k8s.io/v1beta1/nodes")
public final class NodeMetricsResource {

  private final NodeMetricsService service;

  /** A resource answering from {@code service}. */
  public NodeMetricsResource(NodeMetricsService service) {
    this.service = service;
  }

  /** Every node with usage to report that the selectors select. */
  @GET
  public Response list(
      @QueryParam("labelSelector") String labelSelector,
      @QueryParam("fieldSelector") String fieldSelector) {
    Response rejected = KubernetesResponses.rejectLabelSelector(labelSelector, "nodes");
    if (rejected != null) {
      return rejected;
    }
    FieldSelector fields;
    try {
      fields =
          KubernetesResponses.fieldSelector(fieldSelector, NodeMetricsService.SELECTABLE_FIELDS);
    } catch (IllegalArgumentException e) {
      return KubernetesResponses.badRequest(e.getMessage());
    }
    return KubernetesResponses.ok(NodeMetricsList.of(service.nodes(fields)));
  }

  /** One node, or 404 with a Kubernetes {@code Status}. */
  @GET
  @Path("{name}")
  public Response get(@PathParam("name") String name) {
    return service
        .node(name)
        .map(metrics -> KubernetesResponses.ok(metrics.standalone()))
        .orElseGet(() -> KubernetesResponses.notFound("nodemetrics", name));
  }
}
