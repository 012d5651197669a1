package io.tidemark.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** Runs each benchmark once, briefly, so the suite cannot rot; it asserts no timing. */
class PromTextParseBenchmarkTest {

  @Test
  void everyPayloadParsesAndTheBenchmarkRuns() throws Exception {
    Collection<RunResult> results =
        new Runner(
                new OptionsBuilder()
                    .include(PromTextParseBenchmark.class.getSimpleName())
                    .forks(0)
                    .warmupIterations(0)
                    .measurementIterations(1)
                    .measurementTime(TimeValue.milliseconds(200))
                    .build())
            .run();

    assertThat(results).hasSize(2);
    for (RunResult result : results) {
      assertThat(result.getPrimaryResult().getScore()).isPositive();
    }
    PromTextParseBenchmark benchmark = new PromTextParseBenchmark();
    benchmark.payload = "resource-70pods";
    benchmark.load();
    assertThat(benchmark.samples).isEqualTo(283);
  }
}
