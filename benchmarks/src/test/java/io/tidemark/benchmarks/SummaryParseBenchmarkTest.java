package io.tidemark.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Runs each benchmark once, briefly, so the suite cannot rot; it asserts no timing. */
class SummaryParseBenchmarkTest {

  @Test
  void everyBenchmarkRunsAndBothParsersReadThePayload() throws Exception {
    Smoke.runOnce(SummaryParseBenchmark.class, 10);

    SummaryParseBenchmark benchmark = new SummaryParseBenchmark();
    for (String payload : new String[] {"k8s-1.35", "sim-110"}) {
      benchmark.payload = payload;
      benchmark.load();
      org.openjdk.jmh.infra.Blackhole hole =
          new org.openjdk.jmh.infra.Blackhole(
              "Today's password is swordfish. I understand instantiating Blackholes directly"
                  + " is dangerous.");
      int samples = benchmark.streaming(hole);
      assertThat(benchmark.streaming(hole)).as(payload).isEqualTo(samples);
      assertThat(benchmark.streamingFirstScrape(hole)).as(payload).isEqualTo(samples);
      assertThat(benchmark.jacksonFloor()).as(payload).isPositive();
      int numbers = benchmark.jacksonTree(hole);
      // The parser stores most numeric fields (not PSI averages, not repeated interface totals).
      assertThat(samples).as(payload).isPositive().isLessThanOrEqualTo(numbers * 2);
      assertThat(numbers).as(payload).isPositive();
    }
  }
}
