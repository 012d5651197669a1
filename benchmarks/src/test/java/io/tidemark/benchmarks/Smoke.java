package io.tidemark.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** Runs every benchmark of a class once, briefly, in this JVM; asserts no timing. */
final class Smoke {

  private Smoke() {}

  static Collection<RunResult> runOnce(Class<?> benchmark, int expectedRuns)
      throws RunnerException {
    return runOnce(benchmark, expectedRuns, Map.of());
  }

  /** The same with some {@code @Param} values set, like a smaller data set. */
  static Collection<RunResult> runOnce(
      Class<?> benchmark, int expectedRuns, Map<String, String> params) throws RunnerException {
    ChainedOptionsBuilder options =
        new OptionsBuilder()
            .include(benchmark.getSimpleName())
            .forks(0)
            .warmupIterations(0)
            .measurementIterations(1)
            .measurementTime(TimeValue.milliseconds(200));
    params.forEach(options::param);
    Collection<RunResult> results = new Runner(options.build()).run();
    assertThat(results).hasSize(expectedRuns);
    for (RunResult result : results) {
      assertThat(result.getPrimaryResult().getScore()).isPositive();
    }
    return results;
  }
}
