package io.tidemark.collector.scrape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidemark.collector.kubelet.KubeletClient;
import io.tidemark.config.NodeCapacity;
import io.tidemark.config.ScrapeConfig;
import io.tidemark.config.ScrapeEndpoint;
import io.tidemark.config.TargetSpec;
import io.tidemark.query.format.Quantity;
import io.tidemark.simulator.Fault;
import io.tidemark.simulator.KubeletSimulator;
import io.tidemark.simulator.SimulatorSpec;
import io.tidemark.storage.Sample;
import io.tidemark.storage.SampleBatch;
import io.tidemark.storage.SeriesKey;
import io.tidemark.storage.TimeSeriesStore;
import io.tidemark.storage.rocksdb.RocksDbStore;
import io.tidemark.testkit.ManualClock;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScraperTest {

  private static final Instant NOW = Instant.parse("2026-11-01T12:00:00Z");

  @TempDir Path dir;
  private KubeletSimulator simulator;
  private RocksDbStore store;
  private KubeletClient client;
  private final ManualClock clock = new ManualClock(NOW);

  @BeforeEach
  void start() throws Exception {
    simulator =
        KubeletSimulator.start(new SimulatorSpec(2, 5, 3, Duration.ofSeconds(10)), clock, 0);
    store = RocksDbStore.open(dir);
    client = KubeletClient.create(new ScrapeConfig());
  }

  @AfterEach
  void stop() {
    client.close();
    store.close();
    simulator.close();
  }

  private TargetStatus scrape(Set<ScrapeEndpoint> endpoints, TargetSpec target) throws Exception {
    return new Scraper(client, store, clock, endpoints, ScrapeConfig.DEFAULT_CADVISOR_METRICS)
        .scrape(TargetStatus.unknown(target));
  }

  @Test
  void storesTheResourceEndpointWithItsOwnTimestampsAndTheNodeLabel() throws Exception {
    TargetSpec target = simulator.targets().get(0);

    TargetStatus status = scrape(Set.of(ScrapeEndpoint.RESOURCE), target);

    assertThat(status.health()).isEqualTo(Health.UP);
    List<SeriesKey> cpu = store.findSeries("container_cpu_usage_seconds_total", Map.of());
    assertThat(cpu).isNotEmpty().allMatch(k -> k.label("node").equals(target.node()));
    assertThat(cpu).allMatch(k -> k.label("pod") != null && k.label("container") != null);
    Sample nodeCpu =
        store
            .lastSamples(SeriesKey.of("node_cpu_usage_seconds_total", "node", target.node()), 1)
            .get(0);
    // The kubelet's stats time (milliseconds within the simulator's last whole second), not the
    // scrape's.
    assertThat(nodeCpu.timestampMillis()).isNotEqualTo(NOW.toEpochMilli());
    assertThat(nodeCpu.timestampMillis())
        .isBetween(NOW.toEpochMilli() - 60_000, NOW.toEpochMilli() + 999);
    assertThat(store.findSeries("resource_scrape_error", Map.of("node", target.node()))).hasSize(1);
    assertThat(status.samples()).isPositive();
  }

  @Test
  void laterScrapesAddKnownSeriesByHandleAndStoreTheSame() throws Exception {
    TargetSpec target = simulator.targets().get(0);
    List<int[]> byKeyAndByHandle = new ArrayList<>();
    TimeSeriesStore recording =
        (TimeSeriesStore)
            Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {TimeSeriesStore.class},
                (proxy, method, args) -> {
                  Object result = method.invoke(store, args);
                  if (method.getName().equals("append") && args[0] instanceof SampleBatch b) {
                    int byKey = 0;
                    for (int i = 0; i < b.size(); i++) {
                      byKey += b.addedKey(i) != null ? 1 : 0;
                    }
                    byKeyAndByHandle.add(new int[] {byKey, b.size() - byKey});
                  }
                  return result;
                });
    Scraper scraper =
        new Scraper(
            client,
            recording,
            clock,
            Set.of(ScrapeEndpoint.SUMMARY, ScrapeEndpoint.RESOURCE),
            ScrapeConfig.DEFAULT_CADVISOR_METRICS);

    TargetStatus first = scraper.scrape(TargetStatus.unknown(target));
    long seriesAfterFirst = store.stats().series();
    clock.advance(Duration.ofSeconds(10));
    TargetStatus second = scraper.scrape(first);

    assertThat(second.health()).isEqualTo(Health.UP);
    assertThat(byKeyAndByHandle.get(0)[1]).isZero();
    // up, scrape_duration_seconds and scrape_samples_scraped are built afresh each time.
    assertThat(byKeyAndByHandle.get(1)).containsExactly(3, second.samples());
    assertThat(store.stats().series()).isEqualTo(seriesAfterFirst);
    List<SeriesKey> cpu = store.findSeries("container_cpu_usage_seconds_total", Map.of());
    assertThat(cpu).isNotEmpty();
    for (SeriesKey series : cpu) {
      List<Sample> samples = store.read(series, Long.MIN_VALUE, Long.MAX_VALUE);
      assertThat(samples).as("%s", series).hasSize(2);
      assertThat(samples.get(1).value()).isGreaterThanOrEqualTo(samples.get(0).value());
    }
  }

  @Test
  void keepsOneSeriesPerQuantityWhenBothEndpointsAreScraped() throws Exception {
    TargetSpec target = simulator.targets().get(0);

    scrape(Set.of(ScrapeEndpoint.SUMMARY, ScrapeEndpoint.RESOURCE), target);
    List<SeriesKey> both = store.findSeries("container_cpu_usage_seconds_total", Map.of());
    SeriesKey nodeCpu = SeriesKey.of("node_cpu_usage_seconds_total", "node", target.node());
    List<Sample> samples = store.read(nodeCpu, Long.MIN_VALUE, Long.MAX_VALUE);

    assertThat(samples).hasSize(1);
    // Each container once, the same set the summary alone would have given.
    assertThat(both).doesNotHaveDuplicates();
    assertThat(both.size())
        .isEqualTo(store.findSeries("container_memory_working_set_bytes", Map.of()).size());
  }

  @Test
  void bothEndpointsReportTheSameFigures() throws Exception {
    TargetSpec a = simulator.targets().get(0);
    TargetSpec b = simulator.targets().get(1);

    scrape(Set.of(ScrapeEndpoint.SUMMARY), a);
    // The second node stands in for the resource endpoint of the same simulated state.
    scrape(Set.of(ScrapeEndpoint.RESOURCE), b);

    for (TargetSpec target : List.of(a, b)) {
      assertThat(store.findSeries("node_memory_working_set_bytes", Map.of("node", target.node())))
          .hasSize(1);
    }
    SeriesKey summaryCpu = SeriesKey.of("node_cpu_usage_seconds_total", "node", a.node());
    double fromSummary = store.lastSamples(summaryCpu, 1).get(0).value();
    double fromResource =
        Double.parseDouble(
            new String(simulator.resource(a.node()))
                .lines()
                .filter(l -> l.startsWith("node_cpu_usage_seconds_total "))
                .findFirst()
                .orElseThrow()
                .split(" ")[1]);
    assertThat(fromSummary).isEqualTo(fromResource);
  }

  @Test
  void keepsProbeResultsAndOnlyAllowListedCadvisorMetricsOnceEach() throws Exception {
    TargetSpec target = simulator.targets().get(0);

    TargetStatus status =
        scrape(
            Set.of(ScrapeEndpoint.SUMMARY, ScrapeEndpoint.PROBES, ScrapeEndpoint.CADVISOR), target);

    assertThat(status.health()).as(status.lastError()).isEqualTo(Health.UP);
    List<SeriesKey> probes = store.findSeries("prober_probe_total", Map.of());
    assertThat(probes)
        .isNotEmpty()
        .allMatch(k -> k.label("probe_type") != null && k.label("result") != null)
        .allMatch(k -> k.label("node").equals(target.node()));
    // Allow-listed: kept, with cAdvisor's own labels.
    assertThat(store.findSeries("container_cpu_cfs_throttled_periods_total", Map.of()))
        .isNotEmpty()
        .allMatch(k -> k.label("id") != null);
    assertThat(store.findSeries("machine_memory_bytes", Map.of())).hasSize(1);
    // Not allow-listed: dropped.
    assertThat(store.findSeries("container_memory_cache", Map.of())).isEmpty();
    // Allow-listed but already produced by the summary: cAdvisor's copy is dropped.
    assertThat(store.findSeries("container_cpu_usage_seconds_total", Map.of()))
        .isNotEmpty()
        .allMatch(k -> k.label("id") == null);
  }

  @Test
  void readsAnOpenMetricsAnswerWithItsTimestampsInSeconds() throws Exception {
    com.sun.net.httpserver.HttpServer kubelet =
        com.sun.net.httpserver.HttpServer.create(
            new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 4);
    byte[] body =
        ("# TYPE prober_probe counter\n"
                + "prober_probe_total{pod=\"p\",result=\"failed\"} 3 1761998400.5\n"
                + "# EOF\n")
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    kubelet.createContext(
        "/",
        exchange -> {
          exchange
              .getResponseHeaders()
              .set("Content-Type", "application/openmetrics-text; version=1.0.0; charset=utf-8");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    kubelet.start();
    try {
      TargetSpec target =
          new TargetSpec(
              "om", java.net.URI.create("http://127.0.0.1:" + kubelet.getAddress().getPort()));

      TargetStatus status = scrape(Set.of(ScrapeEndpoint.PROBES), target);

      assertThat(status.health()).as(status.lastError()).isEqualTo(Health.UP);
      SeriesKey failed =
          SeriesKey.of("prober_probe_total", "node", "om", "pod", "p", "result", "failed");
      assertThat(store.lastSamples(failed, 1)).containsExactly(new Sample(1761998400500L, 3));
    } finally {
      kubelet.stop(0);
    }
  }

  @Test
  void storesTheLabelsOwnersRequestsAndLimitsOfThePodsTheKubeletLists() throws Exception {
    TargetSpec target = simulator.targets().get(0);

    TargetStatus status = scrape(Set.of(ScrapeEndpoint.SUMMARY, ScrapeEndpoint.PODS), target);

    assertThat(status.health()).as(status.lastError()).isEqualTo(Health.UP);
    JsonNode pods = new ObjectMapper().readTree(simulator.pods(target.node())).path("items");
    assertThat(store.findSeries("kube_pod_labels", Map.of())).hasSize(pods.size());
    int labels = 0;
    for (JsonNode pod : pods) {
      String namespace = pod.path("metadata").path("namespace").asText();
      String name = pod.path("metadata").path("name").asText();
      Map<String, String> ofPod = Map.of("namespace", namespace, "pod", name);
      for (Map.Entry<String, JsonNode> label : pod.path("metadata").path("labels").properties()) {
        SeriesKey series =
            SeriesKey.of(
                "kube_pod_label",
                "node",
                target.node(),
                "namespace",
                namespace,
                "pod",
                name,
                "key",
                label.getKey(),
                "value",
                label.getValue().asText());
        assertThat(store.lastSamples(series, 1)).containsExactly(new Sample(NOW.toEpochMilli(), 1));
        labels++;
      }
      JsonNode owner = pod.path("metadata").path("ownerReferences").get(0);
      assertThat(store.findSeries("kube_pod_owner", ofPod))
          .singleElement()
          .satisfies(
              k -> {
                assertThat(k.label("owner_kind")).isEqualTo(owner.path("kind").asText());
                assertThat(k.label("owner_name")).isEqualTo(owner.path("name").asText());
                assertThat(k.label("node")).isEqualTo(target.node());
              });
      for (JsonNode container : pod.path("spec").path("containers")) {
        String cpu = container.path("resources").path("requests").path("cpu").asText(null);
        List<SeriesKey> cpuRequest =
            store.findSeries(
                "kube_pod_container_resource_requests",
                Map.of(
                    "namespace",
                    namespace,
                    "pod",
                    name,
                    "container",
                    container.path("name").asText(),
                    "resource",
                    "cpu",
                    "unit",
                    "core"));
        if (cpu == null) {
          assertThat(cpuRequest).isEmpty();
        } else {
          assertThat(store.lastSamples(cpuRequest.get(0), 1).get(0).value())
              .isEqualTo(Quantity.cores(cpu));
        }
      }
    }
    assertThat(store.findSeries("kube_pod_label", Map.of())).hasSize(labels);
    assertThat(store.findSeries("kube_pod_container_resource_limits", Map.of())).isNotEmpty();
  }

  @Test
  void aMalformedPodListFailsOnlyItsOwnPartOfTheScrape() throws Exception {
    TargetSpec simulated = simulator.targets().get(0);
    byte[] summary = simulator.summary(simulated.node());
    com.sun.net.httpserver.HttpServer kubelet =
        com.sun.net.httpserver.HttpServer.create(
            new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 4);
    kubelet.createContext(
        "/",
        exchange -> {
          boolean pods = exchange.getRequestURI().getPath().equals("/pods");
          byte[] body =
              pods
                  ? "{\"kind\":\"PodList\",\"items\":[{\"metadata\":{\"name\":"
                      .getBytes(java.nio.charset.StandardCharsets.UTF_8)
                  : summary;
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    kubelet.start();
    try {
      TargetSpec target =
          new TargetSpec(
              "half", java.net.URI.create("http://127.0.0.1:" + kubelet.getAddress().getPort()));

      TargetStatus status = scrape(Set.of(ScrapeEndpoint.SUMMARY, ScrapeEndpoint.PODS), target);

      assertThat(status.health()).isEqualTo(Health.DOWN);
      assertThat(status.lastError())
          .startsWith("/pods: malformed /pods at line 1")
          .doesNotContain("/stats/summary");
      assertThat(store.findSeries("container_cpu_usage_seconds_total", Map.of("node", "half")))
          .isNotEmpty();
      assertThat(store.findSeries("kube_pod_labels", Map.of())).isEmpty();
      assertThat(store.lastSamples(SeriesKey.of("up", "node", "half"), 1))
          .extracting(Sample::value)
          .containsExactly(0.0);
    } finally {
      kubelet.stop(0);
    }
  }

  @Test
  void reportsEachFailingEndpointAndStoresUpZero() throws Exception {
    TargetSpec target = simulator.targets().get(1);
    simulator.setFault(target.node(), Fault.TRUNCATED);

    TargetStatus status = scrape(Set.of(ScrapeEndpoint.SUMMARY, ScrapeEndpoint.RESOURCE), target);

    assertThat(status.health()).isEqualTo(Health.DOWN);
    assertThat(status.lastError())
        .contains("/metrics/resource: text format parsing error in line")
        .contains("/stats/summary: malformed /stats/summary at line");
    assertThat(store.lastSamples(SeriesKey.of("up", "node", target.node()), 1))
        .extracting(Sample::value)
        .containsExactly(0.0);
    assertThat(store.findSeries("container_cpu_usage_seconds_total", Map.of())).isEmpty();
  }

  @Test
  void storesTheNodeCapacityDiscoveryFoundAtEachScrape() throws Exception {
    TargetSpec plain = simulator.targets().get(0);
    TargetSpec target =
        new TargetSpec(plain.node(), plain.url(), new NodeCapacity(3.5, Double.NaN));

    scrape(Set.of(ScrapeEndpoint.RESOURCE), target);
    clock.advance(Duration.ofSeconds(10));
    scrape(Set.of(ScrapeEndpoint.RESOURCE), target);

    SeriesKey cpu =
        SeriesKey.of(
            "kube_node_status_capacity", "node", plain.node(), "resource", "cpu", "unit", "core");
    assertThat(store.read(cpu, Long.MIN_VALUE, Long.MAX_VALUE))
        .extracting(Sample::timestampMillis, Sample::value)
        .containsExactly(tuple(NOW.toEpochMilli(), 3.5), tuple(NOW.toEpochMilli() + 10_000, 3.5));
    // Memory unknown: no series rather than a made-up figure; static targets write none at all.
    assertThat(store.findSeries("kube_node_status_capacity", Map.of())).containsExactly(cpu);
  }
}
