package io.tidemark.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** A kubelet endpoint that Tidemark can scrape, named in {@code scrape.endpoints}. */
public enum ScrapeEndpoint {
  /** {@code /stats/summary}: the Summary API ({@code stats/v1alpha1}) as JSON. */
  SUMMARY("summary", "/stats/summary"),
  /** {@code /metrics/resource}: the resource metrics in Prometheus text format. */
  RESOURCE("resource", "/metrics/resource"),
  /** {@code /metrics/probes}: liveness, readiness and startup probe results per container. */
  PROBES("probes", "/metrics/probes"),
  /**
   * {@code /pods}: the kubelet's {@code v1 PodList} of the pods bound to its node; Tidemark keeps
   * their labels, owners and container resource requests and limits.
   */
  PODS("pods", "/pods"),
  /** {@code /metrics/cadvisor}: cAdvisor's metrics, 1-2 MB a node; only allow-listed names kept. */
  CADVISOR("cadvisor", "/metrics/cadvisor");

  private final String configName;
  private final String path;

  ScrapeEndpoint(String configName, String path) {
    this.configName = configName;
    this.path = path;
  }

  /** The name used in the configuration file. */
  @JsonValue
  public String configName() {
    return configName;
  }

  /** The HTTP path on the kubelet, relative to the target's base URL. */
  public String path() {
    return path;
  }

  /**
   * Parses a configuration name.
   *
   * @throws IllegalArgumentException naming the accepted values when {@code name} is not one
   */
  @JsonCreator
  public static ScrapeEndpoint fromConfigName(String name) {
    String wanted = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
    for (ScrapeEndpoint endpoint : values()) {
      if (endpoint.configName.equals(wanted)) {
        return endpoint;
      }
    }
    throw new IllegalArgumentException(
        "unknown scrape endpoint '"
            + name
            + "'; expected one of "
            + Arrays.stream(values())
                .map(ScrapeEndpoint::configName)
                .collect(Collectors.joining(", ")));
  }
}
