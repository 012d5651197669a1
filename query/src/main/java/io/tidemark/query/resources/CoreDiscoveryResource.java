package io.tidemark.query.resources;

import io.tidemark.query.metrics.MetricsApiDiscovery;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * {@code /api}: the core API's {@code APIVersions}, listing no version since Tidemark serves no
 * core resources. Kubernetes clients read it before {@code /apis}; plain JSON whatever the request
 * accepts (see {@link KubernetesResponses}).
 */
@Path("/api")
public final class CoreDiscoveryResource {

  /** {@code APIVersions} naming the address the client reached. */
  @GET
  public Response versions(@Context UriInfo uri) {
    String host = uri.getBaseUri().getHost();
    int port = uri.getBaseUri().getPort();
    String address = port < 0 ? host : host + ":" + port;
    return KubernetesResponses.ok(MetricsApiDiscovery.coreVersions(address));
  }
}
