package io.tidemark.query.resources;

import io.tidemark.query.metrics.MetricsApiDiscovery;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

/**
 * {@code /apis} and {@code /apis/metrics.k8s.io}: the group discovery documents, as the aggregation
 * layer and Kubernetes clients read them. Plain JSON whatever the request accepts: a client asking
 * for aggregated discovery first ({@code as=APIGroupDiscoveryList}) reads the {@code Content-Type}
 * and falls back to these documents (see {@link KubernetesResponses}).
 */
@Path("/apis")
public final class DiscoveryResource {

  /** {@code APIGroupList} with {@code metrics.k8s.io}. */
  @GET
  public Response groups() {
    return KubernetesResponses.ok(MetricsApiDiscovery.groups());
  }

  /** {@code APIGroup} of {@code metrics.k8s.io}. */
  @GET
  @Path(MetricsApiDiscovery.GROUP)
  public Response group() {
    return KubernetesResponses.ok(MetricsApiDiscovery.group());
  }
}
