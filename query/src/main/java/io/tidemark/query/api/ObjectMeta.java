package io.tidemark.query.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * The Kubernetes {@code metadata} of an object, with the fields the Metrics API fills.
 *
 * @param name the object's name
 * @param namespace its namespace, or {@code null} for cluster-scoped objects
 * @param creationTimestamp RFC 3339, seconds precision; metrics-server sets it to the time of the
 *     request
 * @param labels the object's labels; omitted when empty
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ObjectMeta(
    String name, String namespace, String creationTimestamp, Map<String, String> labels) {

  /** Copies the labels. */
  public ObjectMeta {
    labels = labels == null ? Map.of() : Map.copyOf(labels);
  }
}
