package io.tidemark.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Runs the benchmark once, briefly, so it cannot rot; it asserts no timing. */
class IngestBenchmarkTest {

  @Test
  void everyScrapeIsAcceptedWhole() throws Exception {
    Smoke.runOnce(IngestBenchmark.class, 1);
    IngestBenchmark benchmark = new IngestBenchmark();
    benchmark.render();
    benchmark.open();
    try {
      for (int i = 0; i < 120; i++) {
        // Past the 50 rendered payloads too: shifted timestamps keep every sample new.
        assertThat(benchmark.scrape()).as("scrape %d", i).isEqualTo(benchmark.samplesPerScrape);
      }
    } finally {
      benchmark.close();
    }
  }
}
