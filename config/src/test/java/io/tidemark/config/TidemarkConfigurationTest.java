package io.tidemark.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dropwizard.configuration.ConfigurationException;
import io.dropwizard.configuration.ConfigurationFactory;
import io.dropwizard.configuration.DefaultConfigurationFactoryFactory;
import io.dropwizard.configuration.FileConfigurationSourceProvider;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import io.dropwizard.util.Duration;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TidemarkConfigurationTest {

  private static final String VALID =
      """
      storage:
        path: /tmp/tidemark-test
      scrape:
        interval: 15s
        timeout: 5s
        targets:
          static:
            - node: worker-1
              url: https://10.0.0.5:10250/
      """;

  @TempDir Path dir;

  private final ConfigurationFactory<TidemarkConfiguration> factory =
      new DefaultConfigurationFactoryFactory<TidemarkConfiguration>()
          .create(
              TidemarkConfiguration.class,
              Validators.newValidator(),
              Jackson.newObjectMapper(),
              "dw");

  private TidemarkConfiguration parse(String yaml) throws IOException, ConfigurationException {
    Path file = dir.resolve("tidemark.yml");
    Files.writeString(file, yaml);
    return factory.build(new FileConfigurationSourceProvider(), file.toString());
  }

  @Test
  void readsTheDocumentedExampleFile() throws Exception {
    TidemarkConfiguration config =
        factory.build(new FileConfigurationSourceProvider(), "tidemark.yml");

    assertThat(config.getStorage().getPath()).isEqualTo(Path.of("/var/lib/tidemark"));
    assertThat(config.getScrape().getInterval()).isEqualTo(Duration.seconds(15));
    assertThat(config.getScrape().getEndpoints())
        .containsExactlyInAnyOrder(
            ScrapeEndpoint.SUMMARY, ScrapeEndpoint.PROBES, ScrapeEndpoint.PODS);
    assertThat(config.getScrape().getTargets().getStatic()).hasSize(2);
    assertThat(config.getScrape().getTls().isInsecureSkipVerify()).isFalse();
    assertThat(config.getStorage().getRetention())
        .containsExactly(
            Map.entry("raw", Duration.days(7)),
            Map.entry("5m", Duration.days(90)),
            Map.entry("1h", Duration.days(730)));
  }

  @Test
  void mergesConfiguredRetentionOverTheDefaults() throws Exception {
    TidemarkConfiguration config =
        parse(
            VALID.replace(
                "  path: /tmp/tidemark-test\n",
                "  path: /tmp/tidemark-test\n  retention:\n    raw: 14d\n    15m: 180d\n"));

    assertThat(config.getStorage().getRetention())
        .containsEntry("raw", Duration.days(14))
        .containsEntry("5m", Duration.days(90))
        .containsEntry("15m", Duration.days(180))
        .containsEntry("1h", Duration.days(730));
  }

  @Test
  void rejectsARetentionKeyThatIsNotAResolution() {
    assertThatThrownBy(
            () ->
                parse(
                    VALID.replace(
                        "  path: /tmp/tidemark-test\n",
                        "  path: /tmp/tidemark-test\n  retention:\n    daily: 14d\n")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("storage.retention keys must be raw or a bucket width");
  }

  @Test
  void readsAValidFileAndNormalisesTheTargetUrl() throws Exception {
    TidemarkConfiguration config = parse(VALID);

    assertThat(config.getScrape().getTimeout()).isEqualTo(Duration.seconds(5));
    TargetSpec target = config.getScrape().getTargets().getStatic().get(0);
    assertThat(target.node()).isEqualTo("worker-1");
    assertThat(target.url()).isEqualTo(URI.create("https://10.0.0.5:10250"));
    assertThat(target.resolve("/stats/summary"))
        .isEqualTo(URI.create("https://10.0.0.5:10250/stats/summary"));
  }

  @Test
  void rejectsNegativeIntervalNamingTheKey() {
    assertThatThrownBy(() -> parse(VALID.replace("interval: 15s", "interval: -5s")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("scrape.interval")
        .hasMessageContaining("-5s");
  }

  @Test
  void rejectsIntervalBelowOneSecond() {
    assertThatThrownBy(() -> parse(VALID.replace("interval: 15s", "interval: 10ms")))
        .hasMessageContaining("scrape.interval must be greater than or equal to 1 SECONDS");
  }

  @Test
  void rejectsMissingStoragePath() {
    assertThatThrownBy(() -> parse(VALID.replace("  path: /tmp/tidemark-test\n", "  {}\n")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("storage.path must not be null");
  }

  @Test
  void namesTheMissingKeyWhenItsSectionIsLeftEmpty() {
    assertThatThrownBy(() -> parse(VALID.replace("  path: /tmp/tidemark-test\n", "  # none\n")))
        .hasMessageContaining("storage.path must not be null");
  }

  @Test
  void rejectsTimeoutLongerThanInterval() {
    assertThatThrownBy(() -> parse(VALID.replace("timeout: 5s", "timeout: 20s")))
        .hasMessageContaining("scrape.timeout must not be longer than scrape.interval");
  }

  @Test
  void rejectsConfigurationWithoutTargets() {
    String yaml = "storage:\n  path: /tmp/x\nscrape:\n  interval: 15s\n";
    assertThatThrownBy(() -> parse(yaml))
        .hasMessageContaining("scrape.targets names no source of targets");
  }

  @Test
  void needsNoTargetsToServeAStoreReadOnly() throws Exception {
    TidemarkConfiguration config = parse("storage:\n  path: /tmp/x\n  readOnly: true\n");
    assertThat(config.getStorage().isReadOnly()).isTrue();
  }

  @Test
  void rejectsTargetUrlWithoutScheme() {
    assertThatThrownBy(() -> parse(VALID.replace("https://10.0.0.5:10250/", "10.0.0.5:10250")))
        .hasMessageContaining("scrape.targets.static")
        .hasMessageContaining("must start with http:// or https://");
  }

  @Test
  void rejectsInvalidNodeName() {
    assertThatThrownBy(() -> parse(VALID.replace("node: worker-1", "node: Worker_1")))
        .hasMessageContaining("scrape.targets.static")
        .hasMessageContaining("not a valid Kubernetes node name");
  }

  @Test
  void rejectsDuplicateNodeNames() {
    String yaml =
        VALID
            + """
                  - node: worker-1
                    url: https://10.0.0.6:10250
            """;
    assertThatThrownBy(() -> parse(yaml))
        .hasMessageContaining("scrape.targets.static lists a node name more than once");
  }

  @Test
  void rejectsUnknownEndpointNamingTheAcceptedOnes() {
    assertThatThrownBy(() -> parse(VALID + "  endpoints: [summary, cadvisorz]\n"))
        .hasMessageContaining("scrape.endpoints")
        .hasMessageContaining("expected one of summary, resource, probes, pods, cadvisor");
  }

  @Test
  void acceptsBothKubeletEndpoints() throws Exception {
    assertThat(parse(VALID + "  endpoints: [resource, summary]\n").getScrape().getEndpoints())
        .containsExactlyInAnyOrder(ScrapeEndpoint.RESOURCE, ScrapeEndpoint.SUMMARY);
  }

  @Test
  void readsThePodsEndpointAndItsPath() throws Exception {
    assertThat(parse(VALID + "  endpoints: [pods]\n").getScrape().getEndpoints())
        .containsExactly(ScrapeEndpoint.PODS);
    assertThat(ScrapeEndpoint.fromConfigName(" Pods ")).isEqualTo(ScrapeEndpoint.PODS);
    assertThat(ScrapeEndpoint.PODS.path()).isEqualTo("/pods");
    assertThat(
            parse(VALID)
                .getScrape()
                .getTargets()
                .getStatic()
                .get(0)
                .resolve(ScrapeEndpoint.PODS.path()))
        .isEqualTo(URI.create("https://10.0.0.5:10250/pods"));
  }

  @Test
  void requiresTheClientCertificateAndKeyTogether() {
    assertThatThrownBy(() -> parse(VALID + "  tls:\n    certFile: /etc/client.crt\n"))
        .hasMessageContaining("scrape.tls.certFile and scrape.tls.keyFile must be set together");
  }

  @Test
  void requiresAnAllowListWithCadvisor() {
    assertThatThrownBy(() -> parse(VALID + "  endpoints: [cadvisor]\n  cadvisorMetrics: []\n"))
        .hasMessageContaining("scrape.cadvisorMetrics must name at least one metric");
  }

  @Test
  void readsTheSyncModeAndRejectsAnUnknownOne() throws Exception {
    TidemarkConfiguration config =
        parse(
            VALID.replace(
                "  path: /tmp/tidemark-test\n", "  path: /tmp/tidemark-test\n  sync: always\n"));
    assertThat(config.getStorage().getSync()).isEqualTo(StorageConfig.SyncMode.ALWAYS);

    assertThatThrownBy(
            () ->
                parse(
                    VALID.replace(
                        "  path: /tmp/tidemark-test\n",
                        "  path: /tmp/tidemark-test\n  sync: sometimes\n")))
        .hasMessageContaining("storage.sync")
        .hasMessageContaining("expected always or interval");
  }

  @Test
  void rejectsMisspelledKeys() {
    assertThatThrownBy(() -> parse(VALID.replace("interval:", "intervall:")))
        .hasMessageContaining("intervall");
  }

  @Test
  void acceptsTargetsFileInsteadOfStaticList() throws Exception {
    TidemarkConfiguration config =
        parse("storage:\n  path: /tmp/x\nscrape:\n  targets:\n    file: /etc/targets.yml\n");
    assertThat(config.getScrape().getTargets().getFile()).isEqualTo(Path.of("/etc/targets.yml"));
    assertThat(config.getScrape().getEndpoints())
        .isEqualTo(Set.of(ScrapeEndpoint.SUMMARY, ScrapeEndpoint.PROBES, ScrapeEndpoint.PODS));
  }
}
