package io.tidemark.query.resources;

import io.tidemark.query.api.PodMetricsList;
import io.tidemark.query.metrics.FieldSelector;
import io.tidemark.query.metrics.LabelSelector;
import io.tidemark.query.metrics.MetricsApiDiscovery;
import io.tidemark.query.metrics.PodMetricsService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

/**
 * {@code /apis/metrics.k8s.io/v1beta1}: pod usage as metrics-server serves it, at {@code pods} (all
 * namespaces) and {@code namespaces/{ns}/pods[/{name}]}, and the group version's own discovery
 * document ({@code APIResourceList}).
 *
 * <p>The discovery document is answered here because JAX-RS picks one root resource per request,
 * the one with the longest matching path: this class owns {@code /apis/metrics.k8s.io/v1beta1}
 * itself. {@code nodes} below it stays with {@link NodeMetricsResource}, whose path is longer.
 *
 * <p>A list takes a {@code fieldSelector} on {@code metadata.name} and {@code metadata.namespace}
 * ({@code =}, {@code ==}, {@code !=}) and a {@code labelSelector} in Kubernetes syntax ({@link
 * LabelSelector}), evaluated against the pod labels the kubelets' {@code /pods} last reported; a
 * selector that does not parse is refused with a 400 {@code Status} naming it. Answers are JSON
 * whatever the request accepts (see {@link KubernetesResponses}).
 */
@Path("/apis/metrics.k8s.io/v1beta1")
public final class PodMetricsResource {

  private final PodMetricsService service;

  /** A resource answering from {@code service}. */
  public PodMetricsResource(PodMetricsService service) {
    this.service = service;
  }

  /** The resources of {@code metrics.k8s.io/v1beta1}: {@code nodes} and {@code pods}. */
  @GET
  public Response discovery() {
    return KubernetesResponses.ok(MetricsApiDiscovery.resources());
  }

  /** Every pod in every namespace with usage to report that the selectors select. */
  @GET
  @Path("pods")
  public Response listAll(
      @QueryParam("labelSelector") String labelSelector,
      @QueryParam("fieldSelector") String fieldSelector) {
    return list(null, labelSelector, fieldSelector);
  }

  /** Every pod in {@code namespace} with usage to report that the selectors select. */
  @GET
  @Path("namespaces/{namespace}/pods")
  public Response listNamespace(
      @PathParam("namespace") String namespace,
      @QueryParam("labelSelector") String labelSelector,
      @QueryParam("fieldSelector") String fieldSelector) {
    return list(namespace, labelSelector, fieldSelector);
  }

  /** One pod, or 404 with a Kubernetes {@code Status}. */
  @GET
  @Path("namespaces/{namespace}/pods/{name}")
  public Response get(@PathParam("namespace") String namespace, @PathParam("name") String name) {
    return service
        .pod(namespace, name)
        .map(metrics -> KubernetesResponses.ok(metrics.standalone()))
        .orElseGet(() -> KubernetesResponses.notFound("podmetrics", namespace + "/" + name));
  }

  private Response list(String namespace, String labelSelector, String fieldSelector) {
    LabelSelector labels;
    try {
      labels = LabelSelector.parse(labelSelector);
    } catch (IllegalArgumentException e) {
      return KubernetesResponses.badRequest(
          "labelSelector \"" + labelSelector + "\" is invalid: " + e.getMessage());
    }
    FieldSelector fields;
    try {
      fields =
          KubernetesResponses.fieldSelector(fieldSelector, PodMetricsService.SELECTABLE_FIELDS);
    } catch (IllegalArgumentException e) {
      return KubernetesResponses.badRequest(e.getMessage());
    }
    return KubernetesResponses.ok(PodMetricsList.of(service.pods(namespace, fields, labels)));
  }
}
