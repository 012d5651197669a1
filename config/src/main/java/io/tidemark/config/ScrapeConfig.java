package io.tidemark.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDuration;
import io.dropwizard.validation.MinDuration;
import io.dropwizard.validation.ValidationMethod;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The {@code scrape} section: which kubelets are scraped, which endpoints, how often, and how the
 * connection is secured.
 */
public class ScrapeConfig {

  @NotNull
  @MinDuration(value = 1, unit = TimeUnit.SECONDS)
  @MaxDuration(value = 1, unit = TimeUnit.HOURS)
  private Duration interval = Duration.seconds(15);

  @NotNull
  @MinDuration(value = 100, unit = TimeUnit.MILLISECONDS)
  private Duration timeout = Duration.seconds(10);

  @Valid @NotNull private TargetsConfig targets = new TargetsConfig();

  @NotEmpty
  private Set<ScrapeEndpoint> endpoints =
      EnumSet.of(ScrapeEndpoint.SUMMARY, ScrapeEndpoint.PROBES, ScrapeEndpoint.PODS);

  /** cAdvisor metrics worth their cost that the Summary API does not carry. */
  public static final List<String> DEFAULT_CADVISOR_METRICS =
      List.of(
          "container_cpu_cfs_periods_total",
          "container_cpu_cfs_throttled_periods_total",
          "container_cpu_cfs_throttled_seconds_total",
          "container_oom_events_total",
          "container_spec_cpu_period",
          "container_spec_cpu_quota",
          "container_spec_memory_limit_bytes",
          "machine_cpu_cores",
          "machine_memory_bytes");

  @NotNull private List<@NotNull String> cadvisorMetrics = DEFAULT_CADVISOR_METRICS;

  @Min(1)
  @Max(1024)
  private int concurrency = 16;

  @Valid @NotNull private TlsConfig tls = new TlsConfig();

  @Valid @NotNull private AuthConfig auth = new AuthConfig();

  /** How often each target is scraped; 15 s by default, as metrics-server. */
  @JsonProperty
  public Duration getInterval() {
    return interval;
  }

  @JsonProperty
  public void setInterval(Duration interval) {
    this.interval = interval;
  }

  /** How long one request to a kubelet may take before it counts as failed. */
  @JsonProperty
  public Duration getTimeout() {
    return timeout;
  }

  @JsonProperty
  public void setTimeout(Duration timeout) {
    this.timeout = timeout;
  }

  @JsonProperty
  public TargetsConfig getTargets() {
    return targets;
  }

  @JsonProperty
  public void setTargets(TargetsConfig targets) {
    // A section left empty (only comments under its key) reads as null: treat it as defaults,
    // so a missing required key inside it is reported by its full name.
    this.targets = targets == null ? new TargetsConfig() : targets;
  }

  /**
   * Which kubelet endpoints are scraped; {@code summary}, {@code probes} and {@code pods} by
   * default ({@code pods} gives the pod labels the Metrics API's {@code labelSelector} needs).
   */
  @JsonProperty
  public Set<ScrapeEndpoint> getEndpoints() {
    return endpoints;
  }

  @JsonProperty
  public void setEndpoints(Set<ScrapeEndpoint> endpoints) {
    this.endpoints = endpoints == null ? null : Set.copyOf(endpoints);
  }

  /**
   * The metric names kept from {@code /metrics/cadvisor} when it is scraped (histograms and
   * summaries by their family name); everything else in that large payload is dropped.
   */
  @JsonProperty
  public List<String> getCadvisorMetrics() {
    return cadvisorMetrics;
  }

  @JsonProperty
  public void setCadvisorMetrics(List<String> cadvisorMetrics) {
    this.cadvisorMetrics = cadvisorMetrics == null ? List.of() : List.copyOf(cadvisorMetrics);
  }

  @JsonIgnore
  @ValidationMethod(
      message =
          "scrape.cadvisorMetrics must name at least one metric when scrape.endpoints includes"
              + " cadvisor")
  public boolean isCadvisorAllowListGiven() {
    return endpoints == null
        || !endpoints.contains(ScrapeEndpoint.CADVISOR)
        || !cadvisorMetrics.isEmpty();
  }

  /** How many scrapes may be in flight at once, over all targets. */
  @JsonProperty
  public int getConcurrency() {
    return concurrency;
  }

  @JsonProperty
  public void setConcurrency(int concurrency) {
    this.concurrency = concurrency;
  }

  @JsonProperty
  public TlsConfig getTls() {
    return tls;
  }

  @JsonProperty
  public void setTls(TlsConfig tls) {
    // A section left empty (only comments under its key) reads as null: treat it as defaults,
    // so a missing required key inside it is reported by its full name.
    this.tls = tls == null ? new TlsConfig() : tls;
  }

  @JsonProperty
  public AuthConfig getAuth() {
    return auth;
  }

  @JsonProperty
  public void setAuth(AuthConfig auth) {
    // A section left empty (only comments under its key) reads as null: treat it as defaults,
    // so a missing required key inside it is reported by its full name.
    this.auth = auth == null ? new AuthConfig() : auth;
  }

  @JsonIgnore
  @ValidationMethod(message = "scrape.timeout must not be longer than scrape.interval")
  public boolean isTimeoutWithinInterval() {
    return interval == null || timeout == null || timeout.compareTo(interval) <= 0;
  }
}
