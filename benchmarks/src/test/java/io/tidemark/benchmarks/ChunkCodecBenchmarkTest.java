package io.tidemark.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Runs each benchmark once, briefly, so the suite cannot rot; it asserts no timing. */
class ChunkCodecBenchmarkTest {

  @Test
  void everySeriesEncodesAndDecodes() throws Exception {
    Smoke.runOnce(ChunkCodecBenchmark.class, 6);
    for (String series : new String[] {"cpu-counter", "memory-bytes", "random-floats"}) {
      ChunkCodecBenchmark benchmark = new ChunkCodecBenchmark();
      benchmark.series = series;
      benchmark.make();
      assertThat(benchmark.decode()).isEqualTo(benchmark.decode());
      assertThat(benchmark.bytesPerSample()).as(series).isBetween(0.1, 9.5);
    }
  }
}
