package io.tidemark.collector.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import io.tidemark.collector.kubelet.KubeletClient;
import io.tidemark.config.ScrapeConfig;
import io.tidemark.config.ScrapeEndpoint;
import io.tidemark.config.TargetSpec;
import io.tidemark.simulator.KubeletSimulator;
import io.tidemark.simulator.SimulatorSpec;
import io.tidemark.storage.SeriesKey;
import io.tidemark.storage.rocksdb.RocksDbStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scheduler's one ticker: every target once an interval at its own phase, targets that go away
 * stop, targets that come are picked up. Real simulated kubelets, a real store, real time
 * (intervals of a second).
 */
class ScrapeSchedulerTest {

  private static final int NODES = 30;

  @TempDir Path dir;
  private KubeletSimulator simulator;
  private RocksDbStore store;
  private KubeletClient client;
  private final MetricRegistry metrics = new MetricRegistry();

  @BeforeEach
  void start() throws Exception {
    simulator =
        KubeletSimulator.start(
            new SimulatorSpec(NODES, 2, 7, Duration.ofSeconds(1)), Clock.systemUTC(), 0);
    store = RocksDbStore.open(dir);
    client = KubeletClient.create(new ScrapeConfig());
  }

  @AfterEach
  void stop() {
    client.close();
    store.close();
    simulator.close();
  }

  private ScrapeScheduler scheduler(List<TargetSpec> targets) {
    Scraper scraper =
        new Scraper(
            client,
            store,
            Clock.systemUTC(),
            java.util.Set.of(ScrapeEndpoint.RESOURCE),
            ScrapeConfig.DEFAULT_CADVISOR_METRICS);
    return new ScrapeScheduler(
        () -> List.copyOf(targets), scraper, Duration.ofSeconds(1), 8, Clock.systemUTC(), metrics);
  }

  /** How many scrapes stored an {@code up} sample, per node. */
  private Map<String, Integer> scrapesPerNode() {
    Map<String, Integer> out = new HashMap<>();
    for (SeriesKey up : store.findSeries("up", Map.of())) {
      out.put(up.label("node"), store.read(up, 0, Long.MAX_VALUE).size());
    }
    return out;
  }

  @Test
  void scrapesEveryTargetOnceAnIntervalAndNeverSkips() throws Exception {
    try (ScrapeScheduler scheduler = scheduler(simulator.targets())) {
      scheduler.start();
      Thread.sleep(4_500);
    }
    Map<String, Integer> perNode = scrapesPerNode();
    assertThat(perNode).hasSize(NODES);
    // 4.5 s at 1 s: four or five rounds, whatever each node's phase.
    assertThat(perNode.values()).allSatisfy(n -> assertThat(n).isBetween(4, 5));
    assertThat(metrics.counter("tidemark_scrapes_skipped_total").getCount()).isZero();
  }

  @Test
  void targetsThatLeaveStopAndTargetsThatComeStart() throws Exception {
    List<TargetSpec> all = simulator.targets();
    List<TargetSpec> targets = new CopyOnWriteArrayList<>(all.subList(0, NODES / 2));
    try (ScrapeScheduler scheduler = scheduler(targets)) {
      scheduler.start();
      Thread.sleep(2_500);
      targets.clear();
      targets.addAll(all.subList(NODES / 2, NODES)); // the first half leaves, the second comes
      Thread.sleep(6_000); // the list is read again within a second (the interval), then 5 rounds
      Map<String, Integer> before = scrapesPerNode();
      Thread.sleep(2_000);
      Map<String, Integer> after = scrapesPerNode();
      for (TargetSpec gone : all.subList(0, NODES / 2)) {
        assertThat(after.get(gone.node())).as(gone.node()).isEqualTo(before.get(gone.node()));
      }
      for (TargetSpec came : all.subList(NODES / 2, NODES)) {
        assertThat(before.get(came.node())).as(came.node()).isGreaterThanOrEqualTo(4);
        assertThat(after.get(came.node()) - before.get(came.node())).isBetween(1, 3);
      }
    }
  }
}
