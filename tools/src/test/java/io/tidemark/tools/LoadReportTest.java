package io.tidemark.tools;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidemark.tools.LoadRun.Snapshot;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LoadReportTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final LoadReport.Run RUN =
      new LoadReport.Run(
          20,
          10,
          List.of("summary", "resource"),
          Duration.ofSeconds(5),
          Duration.ofSeconds(15),
          Duration.ofSeconds(60),
          42,
          List.of(),
          List.of(),
          Instant.parse("2026-11-22T08:00:00Z"),
          new Machine("cpu", 2, 1L << 30, "6.1", "openjdk 17", "0.1 0.2 0.3"),
          new TidemarkJar(Path.of("/usr/bin/java"), "tidemark.jar"));

  private static Snapshot snapshot(
      double seconds, double cpu, double simCpu, long samples, long scrapes, long skipped) {
    return new Snapshot(
        (long) (seconds * 1e9),
        (long) (seconds * 1000),
        new ProcFs.Usage(cpu, 100L << 20, 200L << 20),
        new ProcFs.Usage(simCpu, 50L << 20, 60L << 20),
        samples,
        scrapes,
        skipped,
        0,
        0);
  }

  private static LoadReport.Measured measured(long skippedAtEnd, List<Double> durations)
      throws Exception {
    return new LoadReport.Measured(
        snapshot(100, 10, 1, 1_000_000, 400, 0),
        snapshot(160, 16, 1.6, 4_000_000, 640, skippedAtEnd),
        durations,
        JSON.readTree("{\"p50\": 40000, \"p99\": 90000}"),
        JSON.readTree("{\"samplesIngested\": 5000000}"),
        "-XX:+UseG1GC",
        210L << 20,
        50_000_000,
        Map.of("sst", 40_000_000L),
        5_000_000,
        20_000_000,
        0,
        false,
        143);
  }

  @Test
  void figuresAreDifferencesOverTheWindow() throws Exception {
    Figures f = LoadReport.figures(RUN, measured(0, List.of(0.04, 0.05, 0.09)));

    assertThat((double) f.value("windowSeconds")).isEqualTo(60.0);
    assertThat((long) f.value("samplesIngested")).isEqualTo(3_000_000);
    assertThat((double) f.value("samplesPerSecond")).isEqualTo(50_000.0);
    assertThat((double) f.value("cpuSecondsPerMillionSamples")).isEqualTo(2.0);
    assertThat((double) f.value("cpuMillisPerNodeScrape")).isEqualTo(25.0);
    assertThat((double) f.value("collectorCores")).isEqualTo(0.1);
    assertThat((double) f.value("bytesPerSampleAfterShutdown")).isEqualTo(10.0);
    assertThat((double) f.value("bytesPerSampleAfterCompact")).isEqualTo(4.0);
    assertThat((double) f.value("rssPerNodeBytes")).isEqualTo((200L << 20) / 20.0);
    assertThat((double) f.value("scrapeDurationMaxSeconds")).isEqualTo(0.09);
    assertThat((double) f.value("scrapeDurationP99SinceStartSeconds")).isEqualTo(0.09);
    assertThat(f.value("everyScrapeInsideInterval")).isEqualTo(true);
  }

  @Test
  void aSkippedScrapeOrASlowOneFailsTheIntervalCheck() throws Exception {
    assertThat(
            LoadReport.figures(RUN, measured(1, List.of(0.04))).value("everyScrapeInsideInterval"))
        .isEqualTo(false);
    assertThat(
            LoadReport.figures(RUN, measured(0, List.of(0.04, 5.0)))
                .value("everyScrapeInsideInterval"))
        .isEqualTo(false);
    assertThat(LoadReport.figures(RUN, measured(0, List.of())).value("everyScrapeInsideInterval"))
        .isEqualTo(false);
  }

  @Test
  void theMarkdownSaysWhatRanWhereAndGivesTheTable() throws Exception {
    LoadReport.Measured m = measured(0, List.of(0.04));
    String md = LoadReport.markdown(RUN, m, LoadReport.figures(RUN, m));

    assertThat(md)
        .contains("20 simulated nodes x 10 pods (seed 42), endpoints summary,resource")
        .contains("| samples ingested per second | 50,000 |")
        .contains("| every scrape finished inside its interval | yes |")
        .contains("-XX:+UseG1GC")
        .doesNotContain("Warning");
  }
}
