package io.tidemark.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.jetty.HttpConnectorFactory;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.util.Duration;
import io.tidemark.config.TidemarkConfiguration;
import io.tidemark.simulator.Fault;
import io.tidemark.simulator.KubeletSimulator;
import io.tidemark.simulator.SimulatorSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The whole daemon against the simulator on loopback, with a real store in a temp directory. */
@ExtendWith(DropwizardExtensionsSupport.class)
class TidemarkApplicationTest {

  private static final String BROKEN = SimulatorSpec.nodeName(4);
  private static final KubeletSimulator SIMULATOR = startSimulator();

  private static final DropwizardAppExtension<TidemarkConfiguration> APP =
      new DropwizardAppExtension<>(TidemarkApplication.class, configuration(SIMULATOR, tempDir()));

  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper mapper = new ObjectMapper();

  private static KubeletSimulator startSimulator() {
    try {
      KubeletSimulator simulator =
          KubeletSimulator.start(
              new SimulatorSpec(5, 4, 99, java.time.Duration.ofSeconds(1)), Clock.systemUTC(), 0);
      simulator.setFault(BROKEN, Fault.SERVER_ERROR);
      return simulator;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("tidemark-app-test");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A configuration scraping every simulated node each second, served on free ports. */
  static TidemarkConfiguration configuration(KubeletSimulator simulator, Path storage) {
    TidemarkConfiguration config = new TidemarkConfiguration();
    config.getStorage().setPath(storage);
    config.getScrape().setInterval(Duration.seconds(1));
    config.getScrape().setTimeout(Duration.milliseconds(900));
    config.getScrape().getTargets().setStatic(simulator.targets());
    DefaultServerFactory server = (DefaultServerFactory) config.getServerFactory();
    ((HttpConnectorFactory) server.getApplicationConnectors().get(0)).setPort(0);
    ((HttpConnectorFactory) server.getAdminConnectors().get(0)).setPort(0);
    return config;
  }

  @AfterAll
  static void stopSimulator() {
    SIMULATOR.close();
  }

  private JsonNode get(String path) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + APP.getLocalPort() + path))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(path).isEqualTo(200);
    return mapper.readTree(response.body());
  }

  @Test
  void scrapesEveryNodeAndServesNodeMetrics() throws Exception {
    await()
        .atMost(java.time.Duration.ofSeconds(30))
        .untilAsserted(
            () -> assertThat(get("/apis/metrics.k8s.io/v1beta1/nodes").path("items")).hasSize(4));

    JsonNode first = get("/apis/metrics.k8s.io/v1beta1/nodes").path("items");
    Map<String, String> cpuBefore = new HashMap<>();
    for (JsonNode item : first) {
      assertThat(item.path("usage").path("cpu").asText()).isNotEqualTo("0");
      assertThat(item.path("usage").path("memory").asText()).endsWith("Ki");
      cpuBefore.put(item.path("metadata").path("name").asText(), item.path("timestamp").asText());
    }
    assertThat(cpuBefore).doesNotContainKey(BROKEN);

    // The next scrapes bring newer points for every healthy node.
    await()
        .atMost(java.time.Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              for (JsonNode item : get("/apis/metrics.k8s.io/v1beta1/nodes").path("items")) {
                String node = item.path("metadata").path("name").asText();
                assertThat(item.path("timestamp").asText()).isNotEqualTo(cpuBefore.get(node));
              }
            });
  }

  @Test
  void reportsTheHealthOfEveryTarget() throws Exception {
    await()
        .atMost(java.time.Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              JsonNode targets = get("/api/v1/targets").path("data").path("activeTargets");
              assertThat(targets).hasSize(5);
              for (JsonNode target : targets) {
                assertThat(target.path("health").asText()).isNotEqualTo("unknown");
              }
            });

    for (JsonNode target : get("/api/v1/targets").path("data").path("activeTargets")) {
      String node = target.path("node").asText();
      assertThat(target.path("scrapeUrl").asText()).isEqualTo(SIMULATOR.baseUrl(node).toString());
      assertThat(target.path("lastScrape").asText()).isNotEmpty();
      if (node.equals(BROKEN)) {
        assertThat(target.path("health").asText()).isEqualTo("down");
        assertThat(target.path("lastError").asText()).startsWith("/stats/summary: HTTP 500 from ");
      } else {
        assertThat(target.path("health").asText()).isEqualTo("up");
        assertThat(target.path("lastError").asText()).isEmpty();
        assertThat(target.path("samples").asInt()).isPositive();
      }
    }
  }

  @Test
  void storesSamplesAndAccountsForThem() throws Exception {
    await()
        .atMost(java.time.Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(get("/api/v1/status/tsdb").path("data").path("samplesIngested").asLong())
                    .isGreaterThan(100));

    JsonNode data = get("/api/v1/status/tsdb").path("data");
    assertThat(data.path("series").asLong()).isPositive();
    assertThat(data.path("bytesOnDisk").asLong()).isPositive();

    HttpResponse<String> metrics =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + APP.getAdminPort() + "/metrics"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    JsonNode gauges = mapper.readTree(metrics.body()).path("gauges");
    assertThat(gauges.path("tidemark_samples_ingested_total").path("value").asLong()).isPositive();
    assertThat(gauges.path("tidemark_series").path("value").asLong()).isPositive();

    HttpResponse<String> health =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + APP.getAdminPort() + "/healthcheck"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(mapper.readTree(health.body()).path("store").path("healthy").asBoolean()).isTrue();
  }
}
