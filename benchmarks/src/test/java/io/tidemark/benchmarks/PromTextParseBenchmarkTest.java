package io.tidemark.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Runs each benchmark once, briefly, so the suite cannot rot; it asserts no timing. */
class PromTextParseBenchmarkTest {

  @Test
  void everyPayloadParsesAndTheBenchmarkRuns() throws Exception {
    Smoke.runOnce(PromTextParseBenchmark.class, 2);
    PromTextParseBenchmark benchmark = new PromTextParseBenchmark();
    benchmark.payload = "resource-70pods";
    benchmark.load();
    assertThat(benchmark.samples).isEqualTo(283);
  }
}
