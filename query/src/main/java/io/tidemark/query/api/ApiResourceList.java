package io.tidemark.query.api;

import java.util.List;

/**
 * A Kubernetes {@code APIResourceList}: the discovery document of one group version, served at
 * {@code /apis/GROUP/VERSION}.
 *
 * @param kind always {@code APIResourceList}
 * @param apiVersion always {@code v1}
 * @param groupVersion like {@code metrics.k8s.io/v1beta1}
 * @param resources the resources the group version serves
 */
public record ApiResourceList(
    String kind, String apiVersion, String groupVersion, List<Resource> resources) {

  /** Copies the resources. */
  public ApiResourceList {
    resources = List.copyOf(resources);
  }

  /** The list of {@code groupVersion}'s resources. */
  public static ApiResourceList of(String groupVersion, List<Resource> resources) {
    return new ApiResourceList("APIResourceList", "v1", groupVersion, resources);
  }

  /**
   * A Kubernetes {@code APIResource}, with the fields an API server always writes.
   *
   * @param name the plural resource name, the path segment, like {@code pods}
   * @param singularName the singular name; may be empty, as metrics-server leaves it for pods
   * @param namespaced whether objects live in namespaces
   * @param kind the kind of one object, like {@code PodMetrics}
   * @param verbs the verbs the resource supports, sorted
   */
  public record Resource(
      String name, String singularName, boolean namespaced, String kind, List<String> verbs) {

    /** Copies the verbs. */
    public Resource {
      verbs = List.copyOf(verbs);
    }
  }
}
