package io.tidemark.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dropwizard.testing.DropwizardTestSupport;
import io.tidemark.config.TidemarkConfiguration;
import io.tidemark.simulator.KubeletSimulator;
import io.tidemark.simulator.SimulatorSpec;
import io.tidemark.storage.Sample;
import io.tidemark.storage.SeriesKey;
import io.tidemark.storage.rocksdb.RocksDbStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stopping the server and starting it again on the same storage.path keeps what was stored. */
class RestartTest {

  @TempDir Path storage;

  private static DropwizardTestSupport<TidemarkConfiguration> server(
      KubeletSimulator simulator, Path storage) {
    return new DropwizardTestSupport<>(
        TidemarkApplication.class, TidemarkApplicationTest.configuration(simulator, storage));
  }

  /** Scrapes finished so far by the running server. */
  private static long scrapes(DropwizardTestSupport<TidemarkConfiguration> support) {
    return support.getEnvironment().metrics().counter("tidemark_scrapes_total").getCount();
  }

  private static long ingested(DropwizardTestSupport<TidemarkConfiguration> support) {
    // Read the running store's count through the admin metrics gauge.
    return (Long)
        support
            .getEnvironment()
            .metrics()
            .getGauges()
            .get("tidemark_samples_ingested_total")
            .getValue();
  }

  @Test
  void keepsEverySampleAcrossARestart() throws Exception {
    SeriesKey nodeCpu =
        SeriesKey.of("node_cpu_usage_seconds_total", "node", SimulatorSpec.nodeName(0));
    try (KubeletSimulator simulator =
        KubeletSimulator.start(
            new SimulatorSpec(3, 3, 5, Duration.ofSeconds(1)), Clock.systemUTC(), 0)) {
      DropwizardTestSupport<TidemarkConfiguration> first = server(simulator, storage);
      first.before();
      long firstCount;
      try {
        await().atMost(Duration.ofSeconds(30)).until(() -> scrapes(first) >= 9);
      } finally {
        first.after();
      }

      List<Sample> beforeRestart;
      try (RocksDbStore store = RocksDbStore.open(storage)) {
        beforeRestart = store.read(nodeCpu, Long.MIN_VALUE, Long.MAX_VALUE);
        firstCount = store.stats().samplesIngested();
      }
      assertThat(beforeRestart).isNotEmpty();

      DropwizardTestSupport<TidemarkConfiguration> second = server(simulator, storage);
      second.before();
      try {
        assertThat(ingested(second)).isGreaterThanOrEqualTo(firstCount);
        await().atMost(Duration.ofSeconds(30)).until(() -> scrapes(second) >= 6);
      } finally {
        second.after();
      }

      try (RocksDbStore store = RocksDbStore.open(storage)) {
        List<Sample> afterRestart = store.read(nodeCpu, Long.MIN_VALUE, Long.MAX_VALUE);
        assertThat(afterRestart).startsWith(beforeRestart.toArray(Sample[]::new));
        assertThat(afterRestart.size()).isGreaterThan(beforeRestart.size());
        assertThat(store.findSeries("up", Map.of())).hasSize(3);
        assertThat(store.stats().samplesIngested()).isGreaterThan(firstCount);
      }
    }
  }
}
