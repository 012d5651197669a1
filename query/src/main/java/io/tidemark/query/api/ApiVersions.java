package io.tidemark.query.api;

import java.util.List;

/**
 * A Kubernetes {@code APIVersions}: the versions of the core ("legacy") API a server serves, the
 * discovery document at {@code /api}. API servers write no {@code apiVersion} in it.
 *
 * @param kind always {@code APIVersions}
 * @param versions the core versions served, like {@code v1}; may be empty
 * @param serverAddressByClientCIDRs where clients should reach the server
 */
public record ApiVersions(
    String kind, List<String> versions, List<ServerAddress> serverAddressByClientCIDRs) {

  /** Copies the lists. */
  public ApiVersions {
    versions = List.copyOf(versions);
    serverAddressByClientCIDRs = List.copyOf(serverAddressByClientCIDRs);
  }

  /** The document for {@code versions}, reachable at {@code serverAddress} from anywhere. */
  public static ApiVersions of(List<String> versions, String serverAddress) {
    return new ApiVersions(
        "APIVersions", versions, List.of(new ServerAddress("0.0.0.0/0", serverAddress)));
  }

  /**
   * A Kubernetes {@code ServerAddressByClientCIDR}.
   *
   * @param clientCIDR the clients this address is for
   * @param serverAddress {@code host:port}
   */
  public record ServerAddress(String clientCIDR, String serverAddress) {}
}
