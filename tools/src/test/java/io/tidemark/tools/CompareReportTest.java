package io.tidemark.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.tools.CompareRun.SystemResult;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CompareReportTest {

  private static SystemResult result(
      String name, double cpuSeconds, long samples, long diskBytes, double rateMillis, int series) {
    return new SystemResult(
        name,
        name + " 1.0",
        100.0,
        samples,
        "its counter",
        cpuSeconds,
        0.5,
        200L << 20,
        190L << 20,
        new ScrapeSystem.Disk(
            diskBytes,
            samples * 2,
            "its directory",
            name.equals("prometheus") ? -1 : diskBytes / 2,
            name.equals("prometheus") ? "none" : "compacted",
            Map.of("data", diskBytes),
            0,
            false,
            Map.of()),
        List.of(
            new QueryBench.Result(
                "rate",
                Map.of("query", "rate(x[5m])"),
                List.of(rateMillis),
                rateMillis,
                series,
                10,
                null),
            new QueryBench.Result(
                "max_over_time", Map.of("query", "max(y)"), List.of(2.0), 2.0, 4, 10, null)));
  }

  private static final SystemResult TIDEMARK =
      result("tidemark", 2.0, 1_000_000, 4_000_000, 10, 30);
  private static final SystemResult PROMETHEUS =
      result("prometheus", 4.0, 1_000_000, 2_000_000, 20, 30);
  private static final SystemResult VICTORIA =
      result("victoriametrics", 1.0, 1_000_000, 1_000_000, 5, 29);

  @Test
  void ratiosAreTidemarkOverEachPeer() {
    Map<String, Map<String, Double>> ratios =
        CompareReport.ratios(List.of(TIDEMARK, PROMETHEUS, VICTORIA));

    assertThat(ratios).containsOnlyKeys("prometheus", "victoriametrics");
    assertThat(ratios.get("prometheus"))
        .containsEntry("cpuSecondsPerMillionSamples", 0.5)
        .containsEntry("bytesPerSample", 2.0)
        .containsEntry("rateQueryMedianMillis", 0.5)
        .containsEntry("peakRssBytes", 1.0)
        .containsEntry("compactedBytesPerSample", null);
    assertThat(ratios.get("victoriametrics"))
        .containsEntry("cpuSecondsPerMillionSamples", 2.0)
        .containsEntry("bytesPerSample", 4.0);
  }

  @Test
  void withoutTidemarkThereAreNoRatios() {
    assertThat(CompareReport.ratios(List.of(PROMETHEUS, VICTORIA))).isEmpty();
  }

  @Test
  void warnsWhenTheSystemsReturnDifferentNumbersOfSeries() {
    List<String> warnings = CompareReport.seriesWarnings(List.of(TIDEMARK, PROMETHEUS, VICTORIA));
    assertThat(warnings).hasSize(1);
    assertThat(warnings.get(0))
        .contains("rate")
        .contains("tidemark=30")
        .contains("victoriametrics=29");
    assertThat(CompareReport.seriesWarnings(List.of(TIDEMARK, PROMETHEUS))).isEmpty();
  }

  @Test
  void aFailedQueryIsAWarningAndPrintsAsFailedNotAsAFigure() {
    QueryBench.Result refused =
        new QueryBench.Result("rate", Map.of(), List.of(), Double.NaN, -1, 0, "too many samples");
    SystemResult limited =
        new SystemResult(
            "prometheus",
            PROMETHEUS.version(),
            PROMETHEUS.windowSeconds(),
            PROMETHEUS.samples(),
            PROMETHEUS.samplesHow(),
            PROMETHEUS.cpuSeconds(),
            PROMETHEUS.simulatorCpuSeconds(),
            PROMETHEUS.peakRssBytes(),
            PROMETHEUS.maxSampledRssBytes(),
            PROMETHEUS.disk(),
            List.of(refused, PROMETHEUS.query("max_over_time")));
    List<SystemResult> results = List.of(TIDEMARK, limited);

    assertThat(CompareReport.seriesWarnings(results))
        .containsExactly("the rate query failed on prometheus: too many samples");
    assertThat(CompareReport.ratios(results).get("prometheus"))
        .containsEntry("rateQueryMedianMillis", null);
    String md =
        CompareReport.markdown(
            Instant.parse("2026-11-22T08:00:00Z"),
            1,
            1,
            Duration.ofSeconds(5),
            Duration.ofSeconds(15),
            Duration.ofSeconds(60),
            5,
            new Machine("cpu", 2, 1L << 30, "6.1", "openjdk 17", "0.1 0.2 0.3"),
            new TidemarkJar(Path.of("/usr/bin/java"), "tidemark.jar"),
            List.of(),
            results,
            List.of());
    assertThat(md)
        .contains("| `rate` range query, median | 10.0 ms | n/a | **n/a** |")
        .contains("| `rate`: series returned | 30 | failed |");
  }

  @Test
  void theMarkdownHasTheSummaryWithRatiosAndSaysHowEachFigureIsObtained() {
    String md =
        CompareReport.markdown(
            Instant.parse("2026-11-22T08:00:00Z"),
            20,
            10,
            Duration.ofSeconds(5),
            Duration.ofSeconds(15),
            Duration.ofSeconds(60),
            5,
            new Machine("cpu", 2, 1L << 30, "6.1", "openjdk 17", "0.1 0.2 0.3"),
            new TidemarkJar(Path.of("/usr/bin/java"), "tidemark.jar"),
            List.of("-Xmx1g"),
            List.of(TIDEMARK, PROMETHEUS, VICTORIA),
            List.of("a warning"));

    assertThat(md)
        .contains(
            "| figure | tidemark | prometheus | victoriametrics | tidemark / prometheus"
                + " | tidemark / victoriametrics |")
        .contains(
            "| CPU seconds per million samples | 2.00 | 4.00 | 1.00 | **0.50x** | **2.00x** |")
        .contains("| bytes on disk per sample | 2.00 | 1.00 | 0.50 | **2.00x** | **4.00x** |")
        .contains(
            "| bytes on disk per sample, compacted | 1.00 | n/a | 0.25 | **n/a** | **4.00x** |")
        .contains("  - prometheus: its directory")
        .contains("`rate(x[5m])`")
        .contains("- **a warning**")
        .contains("-Xmx1g");
  }
}
