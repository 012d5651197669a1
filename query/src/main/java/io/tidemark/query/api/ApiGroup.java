package io.tidemark.query.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Objects;

/**
 * A Kubernetes {@code APIGroup}: one group's versions, served at {@code /apis/GROUP} and as an item
 * of {@link ApiGroupList}. Inside the list {@code kind} and {@code apiVersion} are left out, as API
 * servers do.
 *
 * @param kind {@code APIGroup}, or {@code null} inside a list
 * @param apiVersion {@code v1}, or {@code null} inside a list
 * @param name the group's name, like {@code metrics.k8s.io}
 * @param versions the versions served, preferred first
 * @param preferredVersion the version clients should use
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiGroup(
    String kind,
    String apiVersion,
    String name,
    List<GroupVersion> versions,
    GroupVersion preferredVersion) {

  /** Requires a name and a preferred version; copies the versions. */
  public ApiGroup {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(preferredVersion, "preferredVersion");
    versions = List.copyOf(versions);
  }

  /** A group as listed in {@code /apis}, serving only {@code version}. */
  public static ApiGroup of(String name, String version) {
    GroupVersion only = new GroupVersion(name + "/" + version, version);
    return new ApiGroup(null, null, name, List.of(only), only);
  }

  /** The same group with {@code kind} and {@code apiVersion} set, for {@code /apis/GROUP}. */
  public ApiGroup standalone() {
    return new ApiGroup("APIGroup", "v1", name, versions, preferredVersion);
  }

  /**
   * A Kubernetes {@code GroupVersionForDiscovery}.
   *
   * @param groupVersion like {@code metrics.k8s.io/v1beta1}
   * @param version like {@code v1beta1}
   */
  public record GroupVersion(String groupVersion, String version) {}
}
