package io.tidemark.benchmarks;

import io.tidemark.storage.chunk.Chunk;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The chunk codec on 120-sample chunks (30 minutes at 15 s) of kubelet-like series: a CPU counter
 * in seconds with nanosecond precision, page-aligned working-set bytes, and random floats, all on
 * whole-second timestamps with a second or two of jitter. Samples per second is the operations per
 * second times 120.
 *
 * <p>The latest figures, with the machine and the command, are in {@code docs/benchmarks.md}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ChunkCodecBenchmark {

  /** Samples in each chunk. */
  public static final int SAMPLES = 120;

  /** Which series to encode. */
  @Param({"cpu-counter", "memory-bytes", "random-floats"})
  public String series;

  private final long[] timestamps = new long[SAMPLES];
  private final double[] values = new double[SAMPLES];
  private byte[] encoded;

  /** Makes the series, deterministic from a fixed seed. */
  @Setup
  public void make() {
    SplittableRandom random = new SplittableRandom(42);
    long t = 1_761_998_400_000L;
    long ns = 62_148_052_000L;
    for (int i = 0; i < SAMPLES; i++) {
      t += 15_000 + (random.nextInt(5) - 2) * 1000L;
      timestamps[i] = t;
      ns += 300_000_000L + random.nextInt(400_000_000);
      values[i] =
          switch (series) {
            case "cpu-counter" -> ns / 1e9;
            case "memory-bytes" -> 4096.0 * (250_000 + random.nextInt(4000));
            case "random-floats" -> random.nextDouble();
            default -> throw new IllegalArgumentException("unknown series " + series);
          };
    }
    encoded = Chunk.encode(timestamps, values, SAMPLES).bytes();
  }

  /** Encodes one chunk; returns its size in bytes. */
  @Benchmark
  public int encode() {
    return Chunk.encode(timestamps, values, SAMPLES).size();
  }

  /** Decodes and verifies one chunk; returns its last timestamp. */
  @Benchmark
  public long decode() {
    return Chunk.decode(encoded, "benchmark").lastTimestamp();
  }

  /** Bytes per sample of this series, for the report. */
  public double bytesPerSample() {
    return (double) encoded.length / SAMPLES;
  }
}
