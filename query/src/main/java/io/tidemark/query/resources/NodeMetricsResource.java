package io.tidemark.query.resources;

import io.tidemark.query.api.KubernetesStatus;
import io.tidemark.query.api.NodeMetricsList;
import io.tidemark.query.metrics.NodeMetricsService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** {@code /apis/metrics.k8s.io/v1beta1/nodes}: node usage as metrics-server serves it. */
@Path("/apis/metrics.k8s.io/v1beta1/nodes")
@Produces(MediaType.APPLICATION_JSON)
public final class NodeMetricsResource {

  private final NodeMetricsService service;

  /** A resource answering from {@code service}. */
  public NodeMetricsResource(NodeMetricsService service) {
    this.service = service;
  }

  /** Every node with usage to report. */
  @GET
  public NodeMetricsList list() {
    return NodeMetricsList.of(service.nodes());
  }

  /** One node, or 404 with a Kubernetes {@code Status}. */
  @GET
  @Path("{name}")
  public Response get(@PathParam("name") String name) {
    return service
        .node(name)
        .map(metrics -> Response.ok(metrics.standalone()).build())
        .orElseGet(
            () ->
                Response.status(Response.Status.NOT_FOUND)
                    .entity(KubernetesStatus.notFound("metrics.k8s.io", "nodemetrics", name))
                    .build());
  }
}
