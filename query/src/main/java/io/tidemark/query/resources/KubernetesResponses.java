package io.tidemark.query.resources;

import io.tidemark.query.api.KubernetesStatus;
import io.tidemark.query.metrics.FieldSelector;
import io.tidemark.query.metrics.MetricsApiDiscovery;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Set;

/**
 * Answers of the Kubernetes-style endpoints: always {@code application/json}, whatever the request
 * accepts.
 *
 * <p>Kubernetes clients ask for protobuf ({@code application/vnd.kubernetes.protobuf, *}{@code /*})
 * or aggregated discovery ({@code application/json;g=apidiscovery.k8s.io;v=v2;as=...}) first; they
 * read the {@code Content-Type} of the answer and fall back to plain JSON when that is what came.
 * So these resources declare no {@code @Produces} (which would make JAX-RS refuse such a request
 * with 406, or echo the parameters into the {@code Content-Type}) and set the type themselves.
 */
final class KubernetesResponses {

  private KubernetesResponses() {}

  /** 200 with {@code entity} as plain JSON. */
  static Response ok(Object entity) {
    return Response.ok(entity, MediaType.APPLICATION_JSON_TYPE).build();
  }

  /** 404 with the {@code Status} metrics-server writes for a missing {@code resource}. */
  static Response notFound(String resource, String name) {
    return status(KubernetesStatus.notFound(MetricsApiDiscovery.GROUP, resource, name));
  }

  /** 400 with a {@code Status} saying why. */
  static Response badRequest(String message) {
    return status(KubernetesStatus.badRequest(message));
  }

  private static Response status(KubernetesStatus status) {
    return Response.status(status.code())
        .type(MediaType.APPLICATION_JSON_TYPE)
        .entity(status)
        .build();
  }

  /**
   * The 400 answer for a label selector on objects whose labels the store does not keep (nodes:
   * kubelets do not report their own labels), or {@code null} when {@code labelSelector} selects
   * everything. Only an empty selector can be answered truthfully there; answering another as if
   * objects had no labels would silently drop or keep the wrong ones.
   *
   * @param objects what the selector is about, like {@code pods}
   */
  static Response rejectLabelSelector(String labelSelector, String objects) {
    if (labelSelector == null || labelSelector.isBlank()) {
      return null;
    }
    return badRequest(
        "labelSelector \""
            + labelSelector
            + "\" cannot be evaluated: Tidemark does not know the labels of "
            + objects
            + " (kubelets do not report them); only an empty labelSelector is supported");
  }

  /**
   * Parses a field selector naming only {@code fields}.
   *
   * @throws IllegalArgumentException naming the {@code fieldSelector} and saying what is wrong with
   *     it in apimachinery's words
   */
  static FieldSelector fieldSelector(String text, Set<String> fields) {
    try {
      return FieldSelector.parse(text).requireFields(fields);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "fieldSelector \"" + text + "\" is invalid: " + e.getMessage(), e);
    }
  }
}
