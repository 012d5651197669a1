package io.tidemark.query.capacity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.tidemark.storage.Resolution;
import io.tidemark.storage.RetentionPolicy;
import io.tidemark.storage.Sample;
import io.tidemark.storage.SeriesKey;
import io.tidemark.storage.SeriesSample;
import io.tidemark.storage.StoreOptions;
import io.tidemark.storage.rocksdb.RocksDbStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Thirty simulated days of a namespace (two pods of a Deployment with two containers each, one
 * StatefulSet pod) and its node, rolled up, then trends and recommendations checked against figures
 * computed here directly from the raw samples.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CapacityServiceTest {

  private static final long DAY = 86_400_000L;
  private static final long START = Instant.parse("2026-09-01T00:00:00Z").toEpochMilli();
  private static final long END = START + 30 * DAY;
  private static final String[][] CONTAINERS = {
    {"web-7c9d8f6b5-abcde", "app"},
    {"web-7c9d8f6b5-abcde", "sidecar"},
    {"web-7c9d8f6b5-fghij", "app"},
    {"web-7c9d8f6b5-fghij", "sidecar"},
    {"db-0", "postgres"},
  };

  @TempDir static Path dir;

  private RocksDbStore store;
  private CapacityService service;

  @BeforeAll
  void storeThirtyDays() {
    Clock clock = Clock.fixed(Instant.ofEpochMilli(END + 3_600_000L), ZoneOffset.UTC);
    RetentionPolicy keepRaw =
        new RetentionPolicy(
            Duration.ofDays(40),
            List.of(
                new Resolution(Duration.ofMinutes(5), Duration.ofDays(90)),
                new Resolution(Duration.ofHours(1), Duration.ofDays(730))));
    store =
        RocksDbStore.open(
            dir.resolve("store"), StoreOptions.DEFAULT.withClock(clock).withRetention(keepRaw));
    Random random = new Random(7);
    double[] cpu = new double[CONTAINERS.length];
    double nodeCpu = 1000;
    for (long t = START; t < END; t += 60_000) {
      List<SeriesSample> batch = new ArrayList<>();
      double growth = 1 + (t - START) / (double) (30 * DAY); // usage grows over the month
      double nodeMemory = 0;
      for (int i = 0; i < CONTAINERS.length; i++) {
        long ts = t + random.nextInt(900); // each cgroup its own stats time
        double cores = (0.05 + 0.1 * i) * growth * Math.exp(0.3 * random.nextGaussian());
        cpu[i] += cores * 60;
        double memory = Math.round((100 + 40 * i) * growth * (1 + 0.05 * random.nextGaussian()));
        memory *= 1 << 20;
        nodeMemory += memory;
        batch.add(point("container_cpu_usage_seconds_total", i, ts, cpu[i]));
        batch.add(point("container_memory_working_set_bytes", i, ts, memory));
      }
      nodeCpu += 60 * 2.0;
      batch.add(new SeriesSample(node("node_cpu_usage_seconds_total"), t, nodeCpu));
      batch.add(new SeriesSample(node("node_memory_working_set_bytes"), t, nodeMemory + 5e8));
      batch.add(new SeriesSample(node("node_memory_available_bytes"), t, 4e9 - nodeMemory));
      if ((t - START) % 900_000 == 0) {
        // n1's Node object (discovery); n2 only through cAdvisor, rebooted halfway; n3 left
        batch.add(new SeriesSample(cpuCapacity("n1"), t, 4));
        batch.add(new SeriesSample(machineCores(t < START + 15 * DAY ? "b1" : "b2"), t, 2));
        if (t < START + 10 * DAY) {
          batch.add(new SeriesSample(cpuCapacity("n3"), t, 8));
        }
      }
      store.append(batch);
    }
    store.maintain(); // rolls up every finished day
    service = new CapacityService(store, Clock.fixed(Instant.ofEpochMilli(END), ZoneOffset.UTC));
  }

  @AfterAll
  void close() {
    store.close();
  }

  private static SeriesSample point(String metric, int i, long ts, double value) {
    return new SeriesSample(series(metric, i), ts, value);
  }

  private static SeriesKey series(String metric, int i) {
    return SeriesKey.of(
        metric,
        "namespace",
        "shop",
        "pod",
        CONTAINERS[i][0],
        "container",
        CONTAINERS[i][1],
        "node",
        "n1");
  }

  private static SeriesKey cpuCapacity(String node) {
    return SeriesKey.of(
        "kube_node_status_capacity", "node", node, "resource", "cpu", "unit", "core");
  }

  private static SeriesKey machineCores(String bootId) {
    return SeriesKey.of("machine_cpu_cores", "node", "n2", "boot_id", bootId);
  }

  private static SeriesKey node(String metric) {
    return SeriesKey.of(metric, "node", "n1");
  }

  @Test
  void theMonthWasRolledUp() {
    assertThat(store.stats().rolledUpThrough()).isEqualTo(END);
  }

  @Test
  void namespaceCpuTrendMatchesTheRawSamples() {
    TreeMap<Long, Double> expected = new TreeMap<>();
    for (int i = 0; i < CONTAINERS.length; i++) {
      cpuBuckets(store.read(series("container_cpu_usage_seconds_total", i), START - 300_000, END))
          .forEach((start, v) -> expected.merge(start, v, Double::sum));
    }
    List<Trend> trends = service.trends("cpu", "namespace", Duration.ofDays(30), Map.of());

    assertThat(trends).hasSize(1);
    Trend t = trends.get(0);
    assertThat(t.entity()).containsExactly(Map.entry("namespace", "shop"));
    assertThat(t.buckets()).isEqualTo(expected.size()).isEqualTo(30 * 288);
    double[] sorted =
        expected.values().stream().mapToDouble(Double::doubleValue).sorted().toArray();
    assertThat(t.p50()).isCloseTo(rank(sorted, 0.50), within(rank(sorted, 0.50) * 0.01));
    assertThat(t.p95()).isCloseTo(rank(sorted, 0.95), within(rank(sorted, 0.95) * 0.01));
    assertThat(t.p99()).isCloseTo(rank(sorted, 0.99), within(rank(sorted, 0.99) * 0.01));
    assertThat(t.max()).isCloseTo(sorted[sorted.length - 1], within(1e-9));
    Map<String, Double> daily = new TreeMap<>();
    expected.forEach((start, v) -> daily.merge(day(start), v, Math::max));
    assertThat(t.dailyPeaks()).hasSize(30);
    for (Trend.DailyPeak p : t.dailyPeaks()) {
      assertThat(p.value()).as(p.date()).isCloseTo(daily.get(p.date()), within(1e-9));
    }
    assertThat(t.trend().slopePerDay()).isPositive(); // usage grows over the month
  }

  @Test
  void nodeMemoryTrendReachesCapacityWhenItGrows() {
    List<Trend> trends = service.trends("memory", "node", Duration.ofDays(30), Map.of());

    assertThat(trends).hasSize(1);
    Trend t = trends.get(0);
    List<Sample> raw = store.read(node("node_memory_working_set_bytes"), START, END - 1);
    double peak = raw.stream().mapToDouble(Sample::value).max().orElseThrow();
    assertThat(t.peak()).isEqualTo(peak);
    assertThat(t.capacity()).isEqualTo(4e9 + 5e8);
    assertThat(t.trend().slopePerDay()).isPositive();
    double days = (t.capacity() - t.trend().intercept()) / t.trend().slopePerDay();
    assertThat(t.capacityReachedAt())
        .isEqualTo(LocalDate.parse(t.trend().origin()).plusDays((long) Math.ceil(days)).toString());
  }

  @Test
  void cpuCapacityComesFromTheNodeObjectOrCadvisorAndLeavesDepartedNodesOut() {
    Trend n1 = service.trends("cpu", "node", Duration.ofDays(30), Map.of()).get(0);
    Trend cluster = service.trends("cpu", "cluster", Duration.ofDays(30), Map.of()).get(0);

    assertThat(n1.capacity()).isEqualTo(4.0);
    assertThat(n1.peak()).isCloseTo(2.0, within(1e-6));
    assertThat(n1.capacityReachedAt()).isNull(); // flat at half the node
    assertThat(cluster.capacity()).isEqualTo(4.0 + 2.0); // n3's last figure is 20 days old
  }

  @Test
  void recommendsPerWorkloadAndContainerFromTheLastTwoWeeks() {
    List<Recommendation> recs = service.recommendations(Duration.ofDays(14), Map.of());

    assertThat(recs)
        .extracting(r -> r.workload() + "/" + r.container())
        .containsExactly("Deployment/web/app", "Deployment/web/sidecar", "StatefulSet/db/postgres");
    Recommendation app = recs.get(0);
    assertThat(app.pods()).containsExactlyInAnyOrder("web-7c9d8f6b5-abcde", "web-7c9d8f6b5-fghij");

    long from = END - 14 * DAY;
    List<Double> cores = new ArrayList<>();
    double memoryPeak = 0;
    for (int i : new int[] {0, 2}) {
      cores.addAll(
          cpuBuckets(
                  store.read(series("container_cpu_usage_seconds_total", i), from - 300_000, END))
              .tailMap(from)
              .values());
      for (Sample s : store.read(series("container_memory_working_set_bytes", i), from, END - 1)) {
        memoryPeak = Math.max(memoryPeak, s.value());
      }
    }
    double[] sorted = cores.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    double p95 = rank(sorted, 0.95);
    assertThat(app.cpu().p95()).isCloseTo(p95, within(p95 * 0.01));
    assertThat(app.cpu().recommendedRequest()).isEqualTo(Math.max(0.010, app.cpu().p95()));
    assertThat(app.cpu().recommendedLimit()).isNull();
    assertThat(app.memory().peak()).isEqualTo(memoryPeak);
    assertThat(app.memory().recommendedRequest()).isCloseTo(memoryPeak * 1.15, within(1e-3));
    assertThat(app.memory().currentRequest()).isNull(); // no /pods data in this store
  }

  @Test
  void refusesUnknownResourcesAndScopesByName() {
    assertThatThrownBy(() -> service.trends("disk", "node", Duration.ofDays(1), Map.of()))
        .hasMessageContaining("resource must be one of [cpu, memory]");
    assertThatThrownBy(() -> service.trends("cpu", "rack", Duration.ofDays(1), Map.of()))
        .hasMessageContaining("scope must be one of")
        .hasMessageContaining("'rack'");
  }

  @Test
  void groupsPodsIntoWorkloadsByOwnerOrName() {
    assertThat(Workload.of("web-7c9d8f6b5-abcde", null, null))
        .isEqualTo(new Workload("Deployment", "web"));
    assertThat(Workload.of("db-0", null, null)).isEqualTo(new Workload("StatefulSet", "db"));
    assertThat(Workload.of("fluentd-x7k2p", null, null))
        .isEqualTo(new Workload("DaemonSet", "fluentd"));
    assertThat(Workload.of("standalone", null, null)).isEqualTo(new Workload("Pod", "standalone"));
    assertThat(Workload.of("x", "ReplicaSet", "api-5d8f7c9b6"))
        .isEqualTo(new Workload("Deployment", "api"));
    assertThat(Workload.of("x", "Job", "backup-29100"))
        .isEqualTo(new Workload("Job", "backup-29100"));
  }

  /**
   * Average cores per 5-minute bucket, straight from raw samples: the counter's increase from the
   * previous bucket's last sample (or the bucket's first, after a gap) to the bucket's last sample,
   * over the time between them.
   */
  private static TreeMap<Long, Double> cpuBuckets(List<Sample> samples) {
    Map<Long, List<Sample>> byBucket = new HashMap<>();
    for (Sample s : samples) {
      byBucket
          .computeIfAbsent(
              Math.floorDiv(s.timestampMillis(), 300_000L) * 300_000L, k -> new ArrayList<>())
          .add(s);
    }
    TreeMap<Long, Double> out = new TreeMap<>();
    for (Map.Entry<Long, List<Sample>> b : new TreeMap<>(byBucket).entrySet()) {
      List<Sample> previous = byBucket.get(b.getKey() - 300_000L);
      List<Sample> in = b.getValue();
      Sample from = previous != null ? previous.get(previous.size() - 1) : in.get(0);
      Sample to = in.get(in.size() - 1);
      if (to.timestampMillis() > from.timestampMillis()) {
        out.put(
            b.getKey(),
            (to.value() - from.value())
                / ((to.timestampMillis() - from.timestampMillis()) / 1000.0));
      }
    }
    return out;
  }

  private static double rank(double[] sorted, double q) {
    return sorted[(int) Math.ceil(q * sorted.length) - 1];
  }

  private static String day(long millis) {
    return LocalDate.ofInstant(Instant.ofEpochMilli(millis), ZoneOffset.UTC).toString();
  }
}
