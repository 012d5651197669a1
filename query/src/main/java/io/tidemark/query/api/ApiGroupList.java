package io.tidemark.query.api;

import java.util.List;

/**
 * A Kubernetes {@code APIGroupList}: every group a server serves, the discovery document at {@code
 * /apis}.
 *
 * @param kind always {@code APIGroupList}
 * @param apiVersion always {@code v1}
 * @param groups the groups
 */
public record ApiGroupList(String kind, String apiVersion, List<ApiGroup> groups) {

  /** Copies the groups. */
  public ApiGroupList {
    groups = List.copyOf(groups);
  }

  /** A list of {@code groups}. */
  public static ApiGroupList of(List<ApiGroup> groups) {
    return new ApiGroupList("APIGroupList", "v1", groups);
  }
}
