package io.tidemark.query.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Collections;
import java.util.LinkedHashMap;
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
 * @param details the object concerned; left out when empty, as for a bad request
 * @param code the HTTP status code
 */
public record KubernetesStatus(
    String kind,
    String apiVersion,
    Map<String, Object> metadata,
    String status,
    String message,
    String reason,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> details,
    int code) {

  /**
   * The 404 answer for an object of {@code resource} in {@code group} that does not exist, as
   * apimachinery's {@code errors.NewNotFound} writes it: the message names {@code resource.group},
   * and {@code details.kind} holds the resource (metrics-server's are {@code nodemetrics} and
   * {@code podmetrics}).
   *
   * @param name the object's name; {@code namespace/name} for a namespaced object, as
   *     metrics-server writes it
   */
  public static KubernetesStatus notFound(String group, String resource, String name) {
    return new KubernetesStatus(
        "Status",
        "v1",
        Map.of(),
        "Failure",
        resource + "." + group + " \"" + name + "\" not found",
        "NotFound",
        details(name, group, resource),
        404);
  }

  /** {@code details} in the order Kubernetes writes them. */
  private static Map<String, String> details(String name, String group, String kind) {
    Map<String, String> details = new LinkedHashMap<>();
    details.put("name", name);
    details.put("group", group);
    details.put("kind", kind);
    return Collections.unmodifiableMap(details);
  }

  /** The 400 answer to a request that cannot be answered as asked, saying why. */
  public static KubernetesStatus badRequest(String message) {
    return new KubernetesStatus(
        "Status", "v1", Map.of(), "Failure", message, "BadRequest", Map.of(), 400);
  }
}
