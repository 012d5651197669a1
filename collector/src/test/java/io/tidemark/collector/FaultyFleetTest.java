package io.tidemark.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.DropwizardTestSupport;
import io.dropwizard.util.Duration;
import io.tidemark.config.TidemarkConfiguration;
import io.tidemark.simulator.Fault;
import io.tidemark.simulator.KubeletSimulator;
import io.tidemark.simulator.SimulatorSpec;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 200 kubelets, a fifth of them misbehaving: 10% too slow, 5% HTTP 500, 5% truncated or garbage
 * bodies. The healthy ones are scraped every interval regardless, the faulty ones show why in
 * {@code /api/v1/targets}, nothing escapes the scrape loop, and the heap stays flat.
 */
class FaultyFleetTest {

  private static final int NODES = 200;
  private static final long INTERVAL_SECONDS = 2;

  @TempDir Path storage;
  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper mapper = new ObjectMapper();

  private static Fault faultOf(int node) {
    if (node < 20) {
      return Fault.SLOW;
    } else if (node < 30) {
      return Fault.SERVER_ERROR;
    } else if (node < 35) {
      return Fault.TRUNCATED;
    } else if (node < 40) {
      return Fault.GARBAGE;
    }
    return Fault.NONE;
  }

  private JsonNode targets(int port) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/targets"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return mapper.readTree(response.body()).path("data").path("activeTargets");
  }

  private static long heapAfterGc() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return memory.getHeapMemoryUsage().getUsed();
  }

  @Test
  void healthyNodesAreScrapedEveryIntervalWhateverTheOthersDo() throws Exception {
    try (KubeletSimulator simulator =
        KubeletSimulator.start(
            new SimulatorSpec(NODES, 3, 9, java.time.Duration.ofSeconds(1)),
            Clock.systemUTC(),
            0)) {
      for (int i = 0; i < NODES; i++) {
        simulator.setFault(SimulatorSpec.nodeName(i), faultOf(i));
      }
      TidemarkConfiguration config = TidemarkApplicationTest.configuration(simulator, storage);
      config.getScrape().setInterval(Duration.seconds(INTERVAL_SECONDS));
      config.getScrape().setTimeout(Duration.seconds(1));
      DropwizardTestSupport<TidemarkConfiguration> app =
          new DropwizardTestSupport<>(TidemarkApplication.class, config);
      app.before();
      try {
        int port = app.getLocalPort();
        await()
            .atMost(java.time.Duration.ofSeconds(30))
            .until(
                () -> {
                  for (JsonNode t : targets(port)) {
                    if (t.path("health").asText().equals("unknown")) {
                      return false;
                    }
                  }
                  return true;
                });
        // Let the first slow attempts time out and settle into their backoff.
        Thread.sleep(INTERVAL_SECONDS * 2_000);
        long heapBefore = heapAfterGc();
        Map<String, Long> scrapesBefore = new HashMap<>();
        for (JsonNode t : targets(port)) {
          scrapesBefore.put(t.path("node").asText(), t.path("scrapes").asLong());
        }

        int rounds = 6;
        Thread.sleep(rounds * INTERVAL_SECONDS * 1000);

        JsonNode after = targets(port);
        assertThat(after).hasSize(NODES);
        for (JsonNode t : after) {
          String node = t.path("node").asText();
          Fault fault = faultOf(Integer.parseInt(node.substring(node.lastIndexOf('-') + 1)));
          String error = t.path("lastError").asText();
          switch (fault) {
            case NONE -> {
              assertThat(t.path("health").asText()).as(node).isEqualTo("up");
              assertThat(t.path("scrapes").asLong() - scrapesBefore.get(node))
                  .as(node + " scrapes in " + rounds + " intervals")
                  .isBetween((long) rounds - 1, (long) rounds + 1);
            }
            case SLOW -> assertThat(error).as(node).contains("timed out");
            case SERVER_ERROR -> assertThat(error).as(node).contains("HTTP 500 from");
            case TRUNCATED, GARBAGE ->
                assertThat(error).as(node).contains("malformed /stats/summary at line");
          }
          if (fault != Fault.NONE) {
            assertThat(t.path("health").asText()).as(node).isEqualTo("down");
            assertThat(t.path("consecutiveFailures").asInt()).as(node).isPositive();
          }
        }
        assertThat(
                app.getEnvironment().metrics().counter("tidemark_scrape_crashes_total").getCount())
            .isZero();
        long heapAfter = heapAfterGc();
        assertThat(heapAfter - heapBefore)
            .as("heap growth over %d intervals", rounds)
            .isLessThan(32L << 20);
        assertThat(
                app.getEnvironment()
                    .metrics()
                    .histogram("tidemark_scrape_duration_micros")
                    .getSnapshot()
                    .getMax())
            .as("slowest scrape, microseconds: the timeout, not the kubelet's 10 s")
            .isLessThan(5_000_000L);
      } finally {
        app.after();
      }
    }
  }
}
