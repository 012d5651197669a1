package io.tidemark.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.query.promql.Value;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Runs both fleet query benchmarks once on a small fleet so they cannot rot, and checks the shape
 * of what they answer. Asserts no timing.
 */
class FleetQueryBenchmarkTest {

  @Test
  void runsEveryBenchmarkOnce() throws Exception {
    Smoke.runOnce(FleetQueryBenchmark.class, 2, Map.of("nodes", "4", "containersPerNode", "8"));
  }

  @Test
  void answersEverySeriesAtEveryStepAndEveryNamespace() throws Exception {
    FleetQueryBenchmark benchmark = new FleetQueryBenchmark();
    benchmark.nodes = 5;
    benchmark.containersPerNode = 20;
    benchmark.minutes = 15;
    benchmark.fill();
    try {
      assertThat(benchmark.samplesWritten).isEqualTo(100 * 60 * 2);
      Value.Matrix rates = benchmark.rateMatrix();
      assertThat(rates.series()).hasSize(100).allSatisfy(s -> assertThat(s.size()).isEqualTo(25));
      assertThat(((Value.Vector) benchmark.maxVector()).elements()).hasSize(40);
      assertThat(benchmark.rateRange()).isGreaterThan(100 * 25 * 10);
      assertThat(benchmark.maxOverTimeByNamespace()).isPositive();
    } finally {
      benchmark.close();
    }
  }
}
