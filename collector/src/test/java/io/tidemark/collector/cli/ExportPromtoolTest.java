package io.tidemark.collector.cli;

import static io.tidemark.collector.cli.ExportImportCommandTest.assertSameContents;
import static io.tidemark.collector.cli.ExportImportCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.collector.kubelet.KubeletClient;
import io.tidemark.collector.scrape.Health;
import io.tidemark.collector.scrape.Scraper;
import io.tidemark.collector.scrape.TargetStatus;
import io.tidemark.config.ScrapeConfig;
import io.tidemark.config.ScrapeEndpoint;
import io.tidemark.simulator.KubeletSimulator;
import io.tidemark.simulator.SimulatorSpec;
import io.tidemark.storage.Sample;
import io.tidemark.storage.SeriesKey;
import io.tidemark.storage.rocksdb.RocksDbStore;
import io.tidemark.testkit.ManualClock;
import io.tidemark.testkit.Promtool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An export of a store filled by scraping the kubelet simulator (summary, resource, probes and
 * cAdvisor endpoints, 3 nodes, 20 scrapes 15 s apart) is accepted by Prometheus' own reader, {@code
 * promtool tsdb create-blocks-from openmetrics}, sample for sample.
 */
class ExportPromtoolTest {

  private static final Instant START = Instant.parse("2026-11-01T12:00:00Z");
  private static final Pattern SUMMARY =
      Pattern.compile("exported ([0-9,]+) series, ([0-9,]+) samples");

  @TempDir static Path shared;
  private static Path store;
  private static String node;

  @TempDir Path dir;

  @BeforeAll
  static void scrapeTheSimulator() throws Exception {
    store = shared.resolve("store");
    ManualClock clock = new ManualClock(START);
    Set<ScrapeEndpoint> endpoints =
        Set.of(
            ScrapeEndpoint.SUMMARY,
            ScrapeEndpoint.RESOURCE,
            ScrapeEndpoint.PROBES,
            ScrapeEndpoint.CADVISOR);
    try (KubeletSimulator simulator =
            KubeletSimulator.start(new SimulatorSpec(3, 4, 11, Duration.ofSeconds(10)), clock, 0);
        KubeletClient client = KubeletClient.create(new ScrapeConfig());
        RocksDbStore target = RocksDbStore.open(store)) {
      Scraper scraper =
          new Scraper(client, target, clock, endpoints, ScrapeConfig.DEFAULT_CADVISOR_METRICS);
      List<TargetStatus> statuses = new ArrayList<>();
      simulator.targets().forEach(t -> statuses.add(TargetStatus.unknown(t)));
      for (int round = 0; round < 20; round++) {
        for (int i = 0; i < statuses.size(); i++) {
          statuses.set(i, scraper.scrape(statuses.get(i)));
          assertThat(statuses.get(i).health()).isEqualTo(Health.UP);
        }
        clock.advance(Duration.ofSeconds(15));
      }
      node = simulator.nodeNames().get(0);
    }
  }

  private static long[] summary(ExportImportCommandTest.Run export) {
    Matcher m = SUMMARY.matcher(export.stderr());
    assertThat(m.find()).as(export.stderr()).isTrue();
    return new long[] {
      Long.parseLong(m.group(1).replace(",", "")), Long.parseLong(m.group(2).replace(",", ""))
    };
  }

  @Test
  void promtoolBuildsBlocksHoldingEveryExportedSample() throws Exception {
    Promtool promtool = Promtool.require();
    Path file = dir.resolve("export.om");

    ExportImportCommandTest.Run export =
        run("export", "--storage", store.toString(), "--output", file.toString());
    Promtool.Result blocks = promtool.createBlocks(file, dir.resolve("blocks"));

    assertThat(export.exitCode()).as(export.stderr()).isZero();
    long[] exported = summary(export);
    assertThat(exported[0]).isGreaterThan(100);
    assertThat(exported[1]).isGreaterThan(exported[0] * 10);
    assertThat(Files.readString(file))
        .contains("# TYPE node_cpu_usage_seconds counter\n")
        .contains("# TYPE container_memory_working_set_bytes gauge\n");
    assertThat(blocks.exitCode()).as(blocks.output()).isZero();
    assertThat(promtool.blockCount(dir.resolve("blocks"))).isGreaterThanOrEqualTo(1);
    assertThat(promtool.sampleCount(dir.resolve("blocks"))).isEqualTo(exported[1]);
  }

  @Test
  void promtoolDumpListsTheSeriesAndValuesOfASmallExport() throws Exception {
    Promtool promtool = Promtool.require();
    Path file = dir.resolve("node.om");

    ExportImportCommandTest.Run export =
        run(
            "export",
            "--storage",
            store.toString(),
            "--match",
            "node_cpu_usage_seconds_total{node=\"" + node + "\"}",
            "--match",
            "node_memory_working_set_bytes{node=\"" + node + "\"}",
            "--output",
            file.toString());
    Promtool.Result blocks = promtool.createBlocks(file, dir.resolve("blocks"));
    List<String> dump = promtool.dump(dir.resolve("blocks"));

    assertThat(export.exitCode()).as(export.stderr()).isZero();
    assertThat(blocks.exitCode()).as(blocks.output()).isZero();
    List<String> expected = new ArrayList<>();
    try (RocksDbStore source = RocksDbStore.openReadOnly(store)) {
      for (String metric :
          List.of("node_cpu_usage_seconds_total", "node_memory_working_set_bytes")) {
        List<SeriesKey> keys = source.findSeries(metric, Map.of("node", node));
        assertThat(keys).hasSize(1);
        for (Sample s : source.read(keys.get(0), Long.MIN_VALUE, Long.MAX_VALUE)) {
          expected.add(
              "{__name__=\""
                  + metric
                  + "\", node=\""
                  + node
                  + "\"} "
                  + s.value()
                  + " "
                  + s.timestampMillis());
        }
      }
    }
    assertThat(expected).hasSizeGreaterThanOrEqualTo(2 * 15);
    assertThat(summary(export)[1]).isEqualTo(expected.size());
    List<String> dumped = new ArrayList<>();
    for (String line : dump) {
      int value = line.lastIndexOf(' ', line.lastIndexOf(' ') - 1);
      String[] parts = line.substring(value + 1).split(" ");
      dumped.add(line.substring(0, value + 1) + Double.parseDouble(parts[0]) + " " + parts[1]);
    }
    assertThat(dumped).containsExactlyElementsOf(expected);
  }

  @Test
  void anExportOfScrapedDataImportsIntoAnIdenticalStore() {
    Path file = dir.resolve("export.om.gz");
    Path copy = dir.resolve("copy");

    ExportImportCommandTest.Run export =
        run("export", "--storage", store.toString(), "--gzip", "--output", file.toString());
    ExportImportCommandTest.Run imported =
        run("import", "--storage", copy.toString(), file.toString());

    assertThat(export.exitCode()).as(export.stderr()).isZero();
    assertThat(imported.exitCode()).as(imported.stderr()).isZero();
    assertThat(imported.stdout()).contains(" 0 duplicates, 0 rejected");
    assertSameContents(store, copy);
  }
}
