package io.tidemark.query.api;

import java.util.Map;

/**
 * A Kubernetes {@code Status} object, the body of an error answer of the Metrics API.
 *
 * @param kind always {@code Status}
 * @param apiVersion always {@code v1}
 * @param metadata empty
 * @param status always {@code Failure}
 * @param message what went wrong, for people
 * @param reason a machine-readable reason such as {@code NotFound}
 * @param details the object concerned
 * @param code the HTTP status code
 */
public record KubernetesStatus(
    String kind,
    String apiVersion,
    Map<String, Object> metadata,
    String status,
    String message,
    String reason,
    Map<String, String> details,
    int code) {

  /** The 404 answer for an object of {@code resource} in {@code group} that does not exist. */
  public static KubernetesStatus notFound(String group, String resource, String name) {
    return new KubernetesStatus(
        "Status",
        "v1",
        Map.of(),
        "Failure",
        resource + "." + group + " \"" + name + "\" not found",
        "NotFound",
        Map.of("name", name, "group", group, "kind", resource),
        404);
  }
}
