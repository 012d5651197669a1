package io.tidemark.query.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.query.api.ContainerMetrics;
import io.tidemark.query.api.PodMetrics;
import io.tidemark.query.api.Usage;
import io.tidemark.query.series.SeriesNames;
import io.tidemark.storage.SeriesKey;
import io.tidemark.storage.SeriesSample;
import io.tidemark.storage.rocksdb.RocksDbStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PodMetricsServiceTest {

  private static final Instant T0 = Instant.parse("2026-06-26T10:14:00Z");
  private static final Instant NOW = T0.plusSeconds(40);

  @TempDir Path dir;
  private RocksDbStore store;
  private PodMetricsService service;

  @BeforeEach
  void open() {
    store = RocksDbStore.open(dir);
    service =
        new PodMetricsService(store, Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofSeconds(60));
  }

  @AfterEach
  void close() {
    store.close();
  }

  private void cpu(String ns, String pod, String container, Instant at, double seconds) {
    put(SeriesNames.CONTAINER_CPU_USAGE_SECONDS_TOTAL, "node-a", ns, pod, container, at, seconds);
  }

  private void memory(String ns, String pod, String container, Instant at, double bytes) {
    put(SeriesNames.CONTAINER_MEMORY_WORKING_SET_BYTES, "node-a", ns, pod, container, at, bytes);
  }

  private void put(
      String metric,
      String node,
      String ns,
      String pod,
      String container,
      Instant at,
      double value) {
    store.append(
        List.of(
            new SeriesSample(
                SeriesKey.of(
                    metric, "node", node, "namespace", ns, "pod", pod, "container", container),
                at.toEpochMilli(),
                value)));
  }

  /**
   * What the collector stores for a pod listed by the kubelet's {@code /pods} at {@code at}: its
   * {@code kube_pod_labels} series and one {@code kube_pod_label} series per label.
   */
  private void listed(String node, String ns, String pod, Instant at, Map<String, String> labels) {
    List<SeriesSample> batch = new ArrayList<>();
    io.tidemark.storage.Labels.Builder info =
        io.tidemark.storage.Labels.builder(8)
            .put("node", node)
            .put("namespace", ns)
            .put("pod", pod);
    labels.forEach((k, v) -> info.put("label_" + k.replaceAll("[^a-zA-Z0-9_]", "_"), v));
    batch.add(
        new SeriesSample(
            new SeriesKey(SeriesNames.KUBE_POD_LABELS, info.build()), at.toEpochMilli(), 1));
    labels.forEach(
        (k, v) ->
            batch.add(
                new SeriesSample(
                    SeriesKey.of(
                        SeriesNames.KUBE_POD_LABEL,
                        "node",
                        node,
                        "namespace",
                        ns,
                        "pod",
                        pod,
                        "key",
                        k,
                        "value",
                        v),
                    at.toEpochMilli(),
                    1)));
    store.append(batch);
  }

  private void listed(String ns, String pod, Map<String, String> labels) {
    listed("node-a", ns, pod, T0.plusSeconds(30), labels);
  }

  private List<String> selected(String namespace, String selector) {
    return names(service.pods(namespace, FieldSelector.EVERYTHING, LabelSelector.parse(selector)));
  }

  /** A container with two CPU points 15 s apart ending at {@code last}, using {@code cores}. */
  private void running(String ns, String pod, String container, Instant last, double cores) {
    cpu(ns, pod, container, last.minusSeconds(15), 100);
    cpu(ns, pod, container, last, 100 + cores * 15);
    memory(ns, pod, container, last, 4620 * 1024);
  }

  private static List<String> names(List<PodMetrics> pods) {
    return pods.stream().map(p -> p.metadata().namespace() + "/" + p.metadata().name()).toList();
  }

  @Test
  void computesEveryContainersRateBetweenItsLastTwoPointsAndItsNewestMemory() {
    cpu("shop", "web-0", "app", T0, 10.0);
    cpu("shop", "web-0", "app", T0.plusSeconds(10), 11.0);
    cpu("shop", "web-0", "app", T0.plusMillis(30_029), 16.0145);
    memory("shop", "web-0", "app", T0.plusSeconds(10), 1024);
    memory("shop", "web-0", "app", T0.plusMillis(30_029), 801_112.0 * 1024);
    cpu("shop", "web-0", "proxy", T0.plusMillis(12_500), 3.0);
    cpu("shop", "web-0", "proxy", T0.plusMillis(27_500), 3.0015);
    memory("shop", "web-0", "proxy", T0.plusMillis(27_500), 3L << 20);

    List<PodMetrics> pods = service.pods(null, FieldSelector.EVERYTHING);

    assertThat(pods).hasSize(1);
    PodMetrics pod = pods.get(0);
    assertThat(pod.metadata().name()).isEqualTo("web-0");
    assertThat(pod.metadata().namespace()).isEqualTo("shop");
    assertThat(pod.metadata().creationTimestamp()).isEqualTo("2026-06-26T10:14:40Z");
    assertThat(pod.metadata().labels()).isEmpty();
    assertThat(pod.kind()).isNull();
    // 5.0145 core-seconds over 20.029 s = 0.250361975... cores; 0.0015 over 15 s = 100 µcores.
    assertThat(pod.containers())
        .containsExactly(
            new ContainerMetrics("app", new Usage("250361975n", "801112Ki")),
            new ContainerMetrics("proxy", new Usage("100u", "3Mi")));
  }

  @Test
  void reportsTheTimestampAndWindowOfThePodsEarliestContainer() {
    cpu("shop", "web-0", "app", T0, 1);
    cpu("shop", "web-0", "app", T0.plusMillis(30_029), 2);
    memory("shop", "web-0", "app", T0.plusMillis(30_029), 1024);
    cpu("shop", "web-0", "proxy", T0.plusSeconds(12), 1);
    cpu("shop", "web-0", "proxy", T0.plusMillis(27_500), 2);
    memory("shop", "web-0", "proxy", T0.plusMillis(27_500), 1024);

    PodMetrics pod = service.pod("shop", "web-0").orElseThrow();

    assertThat(pod.timestamp()).isEqualTo("2026-06-26T10:14:27Z");
    assertThat(pod.window()).isEqualTo("15.5s");
  }

  @Test
  void leavesOutAContainerSeenOnlyOnceAndKeepsItsPod() {
    running("shop", "web-0", "app", T0.plusSeconds(30), 0.5);
    cpu("shop", "web-0", "debugger", T0.plusSeconds(30), 1.0);
    memory("shop", "web-0", "debugger", T0.plusSeconds(30), 1024);

    PodMetrics pod = service.pod("shop", "web-0").orElseThrow();

    assertThat(pod.containers()).extracting(ContainerMetrics::name).containsExactly("app");
    assertThat(pod.containers().get(0).usage().cpu()).isEqualTo("500m");
  }

  @Test
  void leavesOutAContainerWhoseCounterWentBackwards() {
    running("shop", "web-0", "app", T0.plusSeconds(30), 0.25);
    cpu("shop", "web-0", "sidecar", T0.plusSeconds(15), 500.0);
    cpu("shop", "web-0", "sidecar", T0.plusSeconds(30), 0.2);
    memory("shop", "web-0", "sidecar", T0.plusSeconds(30), 1024);

    assertThat(service.pod("shop", "web-0").orElseThrow().containers())
        .extracting(ContainerMetrics::name)
        .containsExactly("app");
  }

  @Test
  void leavesOutAPodWithNoContainerLeft() {
    cpu("shop", "new-0", "app", T0.plusSeconds(30), 1.0);
    memory("shop", "new-0", "app", T0.plusSeconds(30), 1024);
    cpu("shop", "restarted-0", "app", T0.plusSeconds(15), 80.0);
    cpu("shop", "restarted-0", "app", T0.plusSeconds(30), 0.1);
    memory("shop", "restarted-0", "app", T0.plusSeconds(30), 1024);
    running("shop", "steady-0", "app", T0.plusSeconds(30), 0.1);

    assertThat(names(service.pods(null, FieldSelector.EVERYTHING)))
        .containsExactly("shop/steady-0");
    assertThat(service.pod("shop", "new-0")).isEmpty();
    assertThat(service.pod("shop", "restarted-0")).isEmpty();
    assertThat(service.pod("shop", "never-seen")).isEmpty();
  }

  @Test
  void leavesOutContainersWithDataOlderThanMaxAge() {
    // Stopped answering: its newest point is 70 s old.
    running("shop", "gone-0", "app", NOW.minusSeconds(70), 0.1);
    // Its newest point is fresh but the one before is 75 s old: no current window.
    cpu("shop", "gap-0", "app", NOW.minusSeconds(75), 1.0);
    cpu("shop", "gap-0", "app", NOW.minusSeconds(5), 2.0);
    memory("shop", "gap-0", "app", NOW.minusSeconds(5), 1024);
    // Fresh CPU, but its memory stopped 90 s ago.
    cpu("shop", "stale-memory-0", "app", NOW.minusSeconds(20), 1.0);
    cpu("shop", "stale-memory-0", "app", NOW.minusSeconds(5), 2.0);
    memory("shop", "stale-memory-0", "app", NOW.minusSeconds(90), 1024);
    // No memory at all.
    cpu("shop", "no-memory-0", "app", NOW.minusSeconds(20), 1.0);
    cpu("shop", "no-memory-0", "app", NOW.minusSeconds(5), 2.0);
    running("shop", "fresh-0", "app", NOW.minusSeconds(44), 0.1);

    assertThat(names(service.pods(null, FieldSelector.EVERYTHING))).containsExactly("shop/fresh-0");
  }

  @Test
  void takesTheFreshestSeriesOfAContainerThatMovedNodes() {
    put(
        SeriesNames.CONTAINER_CPU_USAGE_SECONDS_TOTAL,
        "node-old",
        "db",
        "db-0",
        "pg",
        NOW.minusSeconds(50),
        1);
    put(
        SeriesNames.CONTAINER_CPU_USAGE_SECONDS_TOTAL,
        "node-old",
        "db",
        "db-0",
        "pg",
        NOW.minusSeconds(35),
        16);
    put(
        SeriesNames.CONTAINER_MEMORY_WORKING_SET_BYTES,
        "node-old",
        "db",
        "db-0",
        "pg",
        NOW.minusSeconds(35),
        1024);
    put(
        SeriesNames.CONTAINER_CPU_USAGE_SECONDS_TOTAL,
        "node-new",
        "db",
        "db-0",
        "pg",
        NOW.minusSeconds(20),
        1);
    put(
        SeriesNames.CONTAINER_CPU_USAGE_SECONDS_TOTAL,
        "node-new",
        "db",
        "db-0",
        "pg",
        NOW.minusSeconds(5),
        1.15);
    put(
        SeriesNames.CONTAINER_MEMORY_WORKING_SET_BYTES,
        "node-new",
        "db",
        "db-0",
        "pg",
        NOW.minusSeconds(5),
        2048);

    PodMetrics pod = service.pod("db", "db-0").orElseThrow();

    assertThat(pod.containers()).hasSize(1);
    assertThat(pod.containers().get(0).usage().cpu()).isEqualTo("10m");
    assertThat(pod.containers().get(0).usage().memory()).isEqualTo("2Ki");
  }

  @Test
  void listsPodsByNamespaceThenNameAndFiltersByNamespace() {
    Instant last = T0.plusSeconds(30);
    running("shop", "web-1", "app", last, 0.1);
    running("batch", "job-9", "main", last, 0.1);
    running("shop", "web-0", "app", last, 0.1);
    running("batch", "job-10", "main", last, 0.1);

    assertThat(names(service.pods(null, FieldSelector.EVERYTHING)))
        .containsExactly("batch/job-10", "batch/job-9", "shop/web-0", "shop/web-1");
    assertThat(names(service.pods("shop", FieldSelector.EVERYTHING)))
        .containsExactly("shop/web-0", "shop/web-1");
    assertThat(service.pods("nope", FieldSelector.EVERYTHING)).isEmpty();
  }

  @Test
  void fillsEachPodsLabelsWithTheirExactKeys() {
    Instant last = T0.plusSeconds(30);
    running("shop", "web-0", "app", last, 0.1);
    running("shop", "unlisted-0", "app", last, 0.1);
    listed(
        "shop",
        "web-0",
        Map.of("app", "web", "app.kubernetes.io/name", "web", "pod-template-hash", "7c9d8f6b5"));

    List<PodMetrics> pods = service.pods(null, FieldSelector.EVERYTHING);

    assertThat(pods)
        .filteredOn(p -> p.metadata().name().equals("web-0"))
        .singleElement()
        .satisfies(
            p ->
                assertThat(p.metadata().labels())
                    .containsExactlyInAnyOrderEntriesOf(
                        Map.of(
                            "app", "web",
                            "app.kubernetes.io/name", "web",
                            "pod-template-hash", "7c9d8f6b5")));
    assertThat(pods)
        .filteredOn(p -> p.metadata().name().equals("unlisted-0"))
        .singleElement()
        .satisfies(p -> assertThat(p.metadata().labels()).isEmpty());
    assertThat(service.pod("shop", "web-0").orElseThrow().metadata().labels())
        .containsEntry("app.kubernetes.io/name", "web");
  }

  @Test
  void selectsPodsByTheirLabelsAsTheHpaAsks() {
    Instant last = T0.plusSeconds(30);
    for (String pod : List.of("web-a", "web-b", "api-a", "db-0", "bare-0", "unlisted-0")) {
      running("shop", pod, "app", last, 0.1);
    }
    running("batch", "web-c", "app", last, 0.1);
    listed("shop", "web-a", Map.of("app.kubernetes.io/name", "web", "tier", "frontend"));
    listed("shop", "web-b", Map.of("app.kubernetes.io/name", "web", "tier", "frontend"));
    listed("shop", "api-a", Map.of("app.kubernetes.io/name", "api", "tier", "backend"));
    listed(
        "shop",
        "db-0",
        Map.of("app", "db", "tier", "", "statefulset.kubernetes.io/pod-name", "db-0"));
    listed("shop", "bare-0", Map.of());
    listed("batch", "web-c", Map.of("app.kubernetes.io/name", "web"));

    assertThat(selected("shop", "app.kubernetes.io/name=web"))
        .containsExactly("shop/web-a", "shop/web-b");
    assertThat(selected(null, "app.kubernetes.io/name==web"))
        .containsExactly("batch/web-c", "shop/web-a", "shop/web-b");
    assertThat(selected("shop", "app.kubernetes.io/name in (web, api),tier!=backend"))
        .containsExactly("shop/web-a", "shop/web-b");
    assertThat(selected("shop", "tier notin (frontend)"))
        .as("pods without the label too, but not pods whose labels are unknown")
        .containsExactly("shop/api-a", "shop/bare-0", "shop/db-0");
    assertThat(selected("shop", "tier"))
        .containsExactly("shop/api-a", "shop/db-0", "shop/web-a", "shop/web-b");
    assertThat(selected("shop", "tier="))
        .as("an empty value is a value")
        .containsExactly("shop/db-0");
    assertThat(selected("shop", "!app.kubernetes.io/name"))
        .containsExactly("shop/bare-0", "shop/db-0");
    assertThat(selected("shop", "statefulset.kubernetes.io/pod-name")).containsExactly("shop/db-0");
    assertThat(selected("shop", "app.kubernetes.io/name=nope")).isEmpty();
    assertThat(
            names(
                service.pods(
                    "shop",
                    FieldSelector.parse("metadata.name!=web-a"),
                    LabelSelector.parse("app.kubernetes.io/name=web"))))
        .containsExactly("shop/web-b");
  }

  @Test
  void evaluatesTheNewestLabelsOfAPod() {
    running("shop", "web-0", "app", T0.plusSeconds(30), 0.1);
    // First listed as a canary of v1, then relabelled: v2, canary label removed.
    listed("node-a", "shop", "web-0", T0, Map.of("app", "web", "version", "v1", "canary", "true"));
    listed("node-a", "shop", "web-0", T0.plusSeconds(15), Map.of("app", "web", "version", "v2"));

    assertThat(selected("shop", "version=v2")).containsExactly("shop/web-0");
    assertThat(selected("shop", "version=v1")).isEmpty();
    assertThat(selected("shop", "canary")).isEmpty();
    assertThat(selected("shop", "!canary")).containsExactly("shop/web-0");
    assertThat(service.pod("shop", "web-0").orElseThrow().metadata().labels())
        .containsExactlyInAnyOrderEntriesOf(Map.of("app", "web", "version", "v2"));
  }

  @Test
  void takesTheLabelsFromTheNodeThatListedThePodLast() {
    running("db", "db-0", "pg", T0.plusSeconds(30), 0.1);
    listed("node-old", "db", "db-0", T0, Map.of("app", "db", "zone", "a"));
    listed("node-new", "db", "db-0", T0.plusSeconds(20), Map.of("app", "db", "zone", "b"));

    assertThat(service.pod("db", "db-0").orElseThrow().metadata().labels())
        .containsExactlyInAnyOrderEntriesOf(Map.of("app", "db", "zone", "b"));
    assertThat(selected("db", "zone=a")).isEmpty();
    assertThat(selected("db", "zone=b")).containsExactly("db/db-0");
  }

  @Test
  void selectsPodsByNameAndNamespaceFields() {
    Instant last = T0.plusSeconds(30);
    running("shop", "web-0", "app", last, 0.1);
    running("shop", "web-1", "app", last, 0.1);
    running("batch", "web-0", "app", last, 0.1);

    assertThat(names(service.pods(null, FieldSelector.parse("metadata.name=web-0"))))
        .containsExactly("batch/web-0", "shop/web-0");
    assertThat(names(service.pods(null, FieldSelector.parse("metadata.name==web-1"))))
        .containsExactly("shop/web-1");
    assertThat(names(service.pods("shop", FieldSelector.parse("metadata.name!=web-0"))))
        .containsExactly("shop/web-1");
    assertThat(
            names(
                service.pods(
                    null, FieldSelector.parse("metadata.namespace!=shop,metadata.name=web-0"))))
        .containsExactly("batch/web-0");
    assertThat(service.pods("shop", FieldSelector.parse("metadata.namespace=batch"))).isEmpty();
  }
}
