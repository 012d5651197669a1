package io.tidemark.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@code scrape.targets.kubernetes} section: discover the kubelets from the API server's Node
 * objects, as metrics-server does.
 *
 * <p>Nodes are listed and watched; the ones matching {@code labelSelector} are scraped from their
 * next interval, and nodes that go away (or stop matching) stop being scraped. Each node's address
 * is the first of its {@code status.addresses} whose type comes earliest in {@code addressTypes}
 * (metrics-server's {@code --kubelet-preferred-address-types}); the port is {@code port} when set,
 * else the node's own {@code status.daemonEndpoints.kubeletEndpoint.Port} (metrics-server's {@code
 * --kubelet-use-node-status-port}), else 10250. With {@code proxy: true} kubelets are reached
 * through the API server ({@code /api/v1/nodes/NAME/proxy}) for clusters where their port is not
 * reachable; {@code scrape.tls} and {@code scrape.auth} then apply to the API server.
 */
public class KubernetesTargetsConfig {

  /** The address types metrics-server prefers by default, in order. */
  public static final List<String> DEFAULT_ADDRESS_TYPES =
      List.of("Hostname", "InternalDNS", "InternalIP", "ExternalDNS", "ExternalIP");

  private Path kubeconfig;

  private String labelSelector;

  @NotEmpty private List<@NotNull String> addressTypes = DEFAULT_ADDRESS_TYPES;

  @Min(0)
  @Max(65535)
  private int port;

  @NotNull private String scheme = "https";

  private boolean proxy;

  /** A kubeconfig file; without it, the in-cluster service account or {@code ~/.kube/config}. */
  @JsonProperty
  public Path getKubeconfig() {
    return kubeconfig;
  }

  @JsonProperty
  public void setKubeconfig(Path kubeconfig) {
    this.kubeconfig = kubeconfig;
  }

  /** A Kubernetes label selector; only matching nodes are scraped. Empty: every node. */
  @JsonProperty
  public String getLabelSelector() {
    return labelSelector;
  }

  @JsonProperty
  public void setLabelSelector(String labelSelector) {
    this.labelSelector = labelSelector;
  }

  /** Node address types in order of preference. */
  @JsonProperty
  public List<String> getAddressTypes() {
    return addressTypes;
  }

  @JsonProperty
  public void setAddressTypes(List<String> addressTypes) {
    this.addressTypes = addressTypes == null ? null : List.copyOf(addressTypes);
  }

  /** A fixed kubelet port; 0 uses each node's advertised kubelet port. */
  @JsonProperty
  public int getPort() {
    return port;
  }

  @JsonProperty
  public void setPort(int port) {
    this.port = port;
  }

  /** {@code https} (the default) or {@code http} for kubelets' read-only ports. */
  @JsonProperty
  public String getScheme() {
    return scheme;
  }

  @JsonProperty
  public void setScheme(String scheme) {
    if (scheme != null && !scheme.equals("https") && !scheme.equals("http")) {
      throw new IllegalArgumentException("scheme must be https or http, was '" + scheme + "'");
    }
    this.scheme = scheme;
  }

  /** Reach kubelets through the API server's node proxy instead of directly. */
  @JsonProperty
  public boolean isProxy() {
    return proxy;
  }

  @JsonProperty
  public void setProxy(boolean proxy) {
    this.proxy = proxy;
  }
}
