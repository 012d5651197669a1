package io.tidemark.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** Runs every benchmark of a class once, briefly, in this JVM; asserts no timing. */
final class Smoke {

  private Smoke() {}

  static Collection<RunResult> runOnce(Class<?> benchmark, int expectedRuns)
      throws RunnerException {
    Collection<RunResult> results =
        new Runner(
                new OptionsBuilder()
                    .include(benchmark.getSimpleName())
                    .forks(0)
                    .warmupIterations(0)
                    .measurementIterations(1)
                    .measurementTime(TimeValue.milliseconds(200))
                    .build())
            .run();
    assertThat(results).hasSize(expectedRuns);
    for (RunResult result : results) {
      assertThat(result.getPrimaryResult().getScore()).isPositive();
    }
    return results;
  }
}
