package io.tidemark.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.query.promql.Value;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Runs every range query benchmark once on a small month so it cannot rot, and checks what the
 * benchmarks claim: the trends read buckets only and answer as raw samples do, the unaligned rate
 * reads raw samples only. Asserts no timing.
 */
class RangeQueryBenchmarkTest {

  @Test
  void runsEveryBenchmarkOnce() throws Exception {
    Smoke.runOnce(RangeQueryBenchmark.class, 5, Map.of("days", "2", "containers", "3"));
  }

  @Test
  void answersTrendsFromTheTiersAndUnalignedRatesFromRaw() throws Exception {
    RangeQueryBenchmark benchmark = new RangeQueryBenchmark();
    benchmark.days = 9;
    benchmark.containers = 3;
    benchmark.intervalSeconds = 60;
    benchmark.fill();
    try {
      assertThat(benchmark.samplesWritten).isEqualTo(9 * 1440 * 3 * 2);
      Value.Matrix trend = benchmark.maxOverTime30d();
      assertThat(trend.series()).hasSize(3).allSatisfy(s -> assertThat(s.size()).isEqualTo(9));
      assertThat(trend).isEqualTo(benchmark.maxOverTime30dRaw());
      assertThat(benchmark.quantileOverTime30d().series()).hasSize(3);

      RangeQueryBenchmark.Scanned max = benchmark.scanned("maxOverTime30d");
      assertThat(max.rawSamples()).isZero();
      assertThat(max.buckets()).isEqualTo(3 * 9 * 24);
      // The windows cover the nine days: every memory sample is summarised by the buckets read.
      assertThat(max.summarised()).isEqualTo(9 * 1440 * 3);
      assertThat(benchmark.scanned("quantileOverTime30d").rawSamples()).isZero();
      assertThat(benchmark.scanned("maxOverTime30dRaw").buckets()).isZero();
      assertThat(benchmark.scanned("maxOverTime30dRaw").rawSamples()).isEqualTo(9 * 1440 * 3);

      RangeQueryBenchmark.Scanned raw = benchmark.scanned("rate7dRaw");
      assertThat(raw.buckets()).isZero();
      assertThat(raw.rawSamples()).isGreaterThan(7 * 1440 * 3 - 100);
      RangeQueryBenchmark.Scanned aligned = benchmark.scanned("rate7dAligned");
      assertThat(aligned.rawSamples()).isZero();
      assertThat(aligned.buckets()).isPositive();
      assertThat(benchmark.rate7dAligned().series()).hasSize(3);
      assertThat(benchmark.rate7dRaw().series()).hasSize(3);
    } finally {
      benchmark.close();
    }
  }
}
