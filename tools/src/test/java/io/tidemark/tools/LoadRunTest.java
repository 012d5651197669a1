package io.tidemark.tools;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the load test on a tiny fleet for a few seconds (simulator and Tidemark as real child
 * processes) so it cannot rot; it asserts that every figure was measured, never how fast.
 */
class LoadRunTest {

  @TempDir Path out;

  @Test
  void measuresATinyFleetAndWritesTheReport() throws Exception {
    String args = "--nodes 2 --pods 2 --interval 1s --warmup 3s --duration 3s --out " + out;
    LoadRun.run(Options.parse(LoadRun.parser(), args.split(" ")));

    JsonNode result = new ObjectMapper().readTree(out.resolve("result.json").toFile());
    JsonNode f = result.path("figures");
    assertThat(f.path("samplesIngested").asLong()).isPositive();
    assertThat(f.path("nodeScrapes").asLong()).isPositive();
    assertThat(f.path("collectorCpuSeconds").asDouble()).isPositive();
    assertThat(f.path("peakRssBytes").asLong()).isPositive();
    assertThat(f.path("storedSamples").asLong())
        .isGreaterThanOrEqualTo(f.path("samplesIngested").asLong());
    assertThat(f.path("bytesPerSampleAfterShutdown").asDouble()).isPositive();
    assertThat(f.path("bytesPerSampleAfterCompact").asDouble()).isPositive();
    assertThat(f.path("scrapeDurationP50Seconds").asDouble()).isPositive();
    assertThat(f.path("everyScrapeInsideInterval").isBoolean()).isTrue();
    assertThat(result.path("tidemarkExitStatus").asInt()).isZero();
    assertThat(result.path("tidemarkJvmFlags").asText()).startsWith("-XX:");
    assertThat(Files.readString(out.resolve("result.md")))
        .contains("| CPU seconds per million samples |")
        .contains("| every scrape finished inside its interval |");
    assertThat(out.resolve("logs/tidemark.log")).exists();
    assertThat(out.resolve("logs/simulator.log")).exists();
  }
}
