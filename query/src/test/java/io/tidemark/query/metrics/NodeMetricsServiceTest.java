package io.tidemark.query.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.query.api.NodeMetrics;
import io.tidemark.query.series.SeriesNames;
import io.tidemark.storage.SeriesKey;
import io.tidemark.storage.SeriesSample;
import io.tidemark.storage.rocksdb.RocksDbStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeMetricsServiceTest {

  private static final Instant T0 = Instant.parse("2026-06-26T10:14:00Z");

  @TempDir Path dir;
  private RocksDbStore store;
  private NodeMetricsService service;

  @BeforeEach
  void open() {
    store = RocksDbStore.open(dir);
    Clock clock = Clock.fixed(T0.plusSeconds(40), ZoneOffset.UTC);
    service = new NodeMetricsService(store, clock, Duration.ofSeconds(60));
  }

  @AfterEach
  void close() {
    store.close();
  }

  private void put(String metric, String node, Instant at, double value) {
    store.append(
        List.of(new SeriesSample(SeriesKey.of(metric, "node", node), at.toEpochMilli(), value)));
  }

  @Test
  void computesCpuRateBetweenTheLastTwoPointsAndTheNewestMemory() {
    put(SeriesNames.NODE_CPU_USAGE_SECONDS_TOTAL, "n1", T0, 100.0);
    put(SeriesNames.NODE_CPU_USAGE_SECONDS_TOTAL, "n1", T0.plusSeconds(10), 101.0);
    put(SeriesNames.NODE_CPU_USAGE_SECONDS_TOTAL, "n1", T0.plusMillis(30_029), 106.0145);
    put(SeriesNames.NODE_MEMORY_WORKING_SET_BYTES, "n1", T0.plusMillis(30_029), 801_112.0 * 1024);

    List<NodeMetrics> nodes = service.nodes();

    assertThat(nodes).hasSize(1);
    NodeMetrics n1 = nodes.get(0);
    assertThat(n1.metadata().name()).isEqualTo("n1");
    assertThat(n1.metadata().creationTimestamp()).isEqualTo("2026-06-26T10:14:40Z");
    assertThat(n1.timestamp()).isEqualTo("2026-06-26T10:14:30Z");
    assertThat(n1.window()).isEqualTo("20.029s");
    // 5.0145 core-seconds over 20.029 s = 0.250361975... cores
    assertThat(n1.usage().cpu()).isEqualTo("250361975n");
    assertThat(n1.usage().memory()).isEqualTo("801112Ki");
  }

  @Test
  void leavesOutNodeSeenOnlyOnce() {
    put(SeriesNames.NODE_CPU_USAGE_SECONDS_TOTAL, "n1", T0, 100.0);
    put(SeriesNames.NODE_MEMORY_WORKING_SET_BYTES, "n1", T0, 1024);

    assertThat(service.nodes()).isEmpty();
    assertThat(service.node("n1")).isEmpty();
  }

  @Test
  void leavesOutNodeWhoseCounterWentBackwards() {
    put(SeriesNames.NODE_CPU_USAGE_SECONDS_TOTAL, "n1", T0, 100.0);
    put(SeriesNames.NODE_CPU_USAGE_SECONDS_TOTAL, "n1", T0.plusSeconds(15), 3.0);
    put(SeriesNames.NODE_MEMORY_WORKING_SET_BYTES, "n1", T0.plusSeconds(15), 1024);

    assertThat(service.nodes()).isEmpty();
  }

  @Test
  void leavesOutNodeWhoseNewestPointIsTooOld() {
    put(SeriesNames.NODE_CPU_USAGE_SECONDS_TOTAL, "old", T0.minusSeconds(120), 1.0);
    put(SeriesNames.NODE_CPU_USAGE_SECONDS_TOTAL, "old", T0.minusSeconds(100), 2.0);
    put(SeriesNames.NODE_MEMORY_WORKING_SET_BYTES, "old", T0.minusSeconds(100), 1024);

    assertThat(service.nodes()).isEmpty();
  }

  @Test
  void sortsNodesByName() {
    for (String node : List.of("b", "a", "c")) {
      put(SeriesNames.NODE_CPU_USAGE_SECONDS_TOTAL, node, T0, 1.0);
      put(SeriesNames.NODE_CPU_USAGE_SECONDS_TOTAL, node, T0.plusSeconds(15), 2.0);
      put(SeriesNames.NODE_MEMORY_WORKING_SET_BYTES, node, T0.plusSeconds(15), 2048);
    }

    assertThat(service.nodes()).extracting(m -> m.metadata().name()).containsExactly("a", "b", "c");
    assertThat(service.node("b")).get().extracting(m -> m.usage().memory()).isEqualTo("2Ki");
  }

  @Test
  void leavesOutNodeWhosePreviousPointIsTooOld() {
    put(SeriesNames.NODE_CPU_USAGE_SECONDS_TOTAL, "gap", T0.minusSeconds(30), 1.0);
    put(SeriesNames.NODE_CPU_USAGE_SECONDS_TOTAL, "gap", T0.plusSeconds(30), 2.0);
    put(SeriesNames.NODE_MEMORY_WORKING_SET_BYTES, "gap", T0.plusSeconds(30), 1024);

    assertThat(service.nodes()).isEmpty();
    assertThat(service.node("gap")).isEmpty();
  }

  @Test
  void selectsNodesByNameField() {
    for (String node : List.of("b", "a", "c")) {
      put(SeriesNames.NODE_CPU_USAGE_SECONDS_TOTAL, node, T0, 1.0);
      put(SeriesNames.NODE_CPU_USAGE_SECONDS_TOTAL, node, T0.plusSeconds(15), 2.0);
      put(SeriesNames.NODE_MEMORY_WORKING_SET_BYTES, node, T0.plusSeconds(15), 2048);
    }

    assertThat(service.nodes(FieldSelector.parse("metadata.name=b")))
        .extracting(m -> m.metadata().name())
        .containsExactly("b");
    assertThat(service.nodes(FieldSelector.parse("metadata.name!=b")))
        .extracting(m -> m.metadata().name())
        .containsExactly("a", "c");
    assertThat(service.nodes(FieldSelector.parse("metadata.name=zzz"))).isEmpty();
    // Nodes have no namespace: the field reads empty, as apimachinery's field set has it.
    assertThat(service.nodes(FieldSelector.parse("metadata.namespace="))).hasSize(3);
    assertThat(service.nodes(FieldSelector.parse("metadata.namespace=default"))).isEmpty();
  }
}
