package io.tidemark.storage.chunk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.storage.CorruptValueException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ChunkTest {

  private static void assertRoundTrip(long[] ts, double[] vs) {
    Chunk encoded = Chunk.encode(ts, vs, ts.length);
    Chunk decoded = Chunk.decode(encoded.bytes(), "test");
    assertThat(decoded.count()).isEqualTo(ts.length);
    assertThat(decoded.encoding()).isEqualTo(encoded.encoding());
    for (int i = 0; i < ts.length; i++) {
      assertThat(decoded.timestamp(i)).as("timestamp %d", i).isEqualTo(ts[i]);
      assertThat(Double.doubleToRawLongBits(decoded.value(i)))
          .as("value %d: %s", i, vs[i])
          .isEqualTo(Double.doubleToRawLongBits(vs[i]));
    }
  }

  /** Kubelet-like timestamps: whole seconds, a period with a second or two of jitter. */
  private static long[] irregularSeconds(SplittableRandom random, int n) {
    long[] ts = new long[n];
    long t = 1_761_998_400_000L;
    for (int i = 0; i < n; i++) {
      t += 10_000 + (random.nextInt(5) - 2) * 1000L;
      ts[i] = t;
    }
    return ts;
  }

  @Test
  void roundTripsRandomSeriesOfEveryKindExactly() {
    for (int seed = 0; seed < 300; seed++) {
      SplittableRandom random = new SplittableRandom(seed);
      int n = 1 + random.nextInt(240);
      long[] ts = new long[n];
      long t = random.nextLong(-1L << 50, 1L << 50);
      for (int i = 0; i < n; i++) {
        t += 1 + (random.nextBoolean() ? random.nextInt(100_000) : random.nextLong(1L << 40));
        ts[i] = t;
      }
      double[] vs = new double[n];
      int kind = seed % 6;
      double counter = 0;
      for (int i = 0; i < n; i++) {
        vs[i] =
            switch (kind) {
              case 0 -> random.nextDouble() * 1e6 - 5e5; // random floats
              case 1 -> {
                counter = random.nextInt(50) == 0 ? 0 : counter + random.nextLong(1L << 34);
                yield counter / 1e9; // CPU seconds with nanosecond precision, with resets
              }
              case 2 -> 4096.0 * random.nextInt(1 << 20); // page-aligned bytes
              case 3 -> 42.0; // constant
              case 4 -> Double.longBitsToDouble(random.nextLong()); // any bits: NaN payloads too
              default -> random.nextInt(3) - 1 + random.nextInt(1000) / 1000.0;
            };
      }
      assertRoundTrip(ts, vs);
    }
  }

  @Test
  void roundTripsAdversarialValues() {
    double[] specials = {
      Double.NaN,
      Double.POSITIVE_INFINITY,
      Double.NEGATIVE_INFINITY,
      -0.0,
      0.0,
      Double.MIN_VALUE,
      -Double.MIN_VALUE,
      Double.MAX_VALUE,
      -Double.MAX_VALUE,
      Double.longBitsToDouble(0x7ff8000000000123L),
      1e-300,
      9007199254740993.0,
      0.1,
      0.3
    };
    long[] ts = new long[specials.length];
    for (int i = 0; i < ts.length; i++) {
      ts[i] = i * 15_000L;
    }
    assertRoundTrip(ts, specials);
    assertRoundTrip(new long[] {Long.MIN_VALUE / 4}, new double[] {Double.NaN});
    assertRoundTrip(new long[] {-5_000, 0, 1, 1_000_000_000_000L}, new double[] {-1, 0, 1, 2});
  }

  @Test
  void picksScaledIntegersForKubeletFiguresAndXorOtherwise() {
    SplittableRandom random = new SplittableRandom(7);
    int n = 120;
    long[] ts = irregularSeconds(random, n);
    double[] cpu = new double[n];
    double[] memory = new double[n];
    double[] ratio = new double[n];
    long ns = 62_148_052_000L;
    for (int i = 0; i < n; i++) {
      ns += 500_000_000L + random.nextInt(200_000_000);
      cpu[i] = ns / 1e9;
      memory[i] = 4096.0 * (250_000 + random.nextInt(2000));
      ratio[i] = random.nextDouble();
    }

    Chunk cpuChunk = Chunk.encode(ts, cpu, n);
    System.out.printf(
        "bytes per sample: cpu %.2f, memory %.2f, random floats %.2f%n",
        Chunk.encode(ts, cpu, n).size() / (double) n,
        Chunk.encode(ts, memory, n).size() / (double) n,
        Chunk.encode(ts, ratio, n).size() / (double) n);
    Chunk memoryChunk = Chunk.encode(ts, memory, n);
    Chunk ratioChunk = Chunk.encode(ts, ratio, n);

    assertThat(cpuChunk.encoding()).isNotEqualTo(Chunk.Encoding.XOR);
    assertThat(ratioChunk.encoding()).isEqualTo(Chunk.Encoding.XOR);
    // Nanosecond CPU counters are high-entropy; page-aligned memory much less so.
    assertThat((double) cpuChunk.size() / n).isLessThan(5.5);
    assertThat((double) memoryChunk.size() / n).isLessThan(3.0);
    assertRoundTrip(ts, cpu);
    assertRoundTrip(ts, memory);
  }

  @Test
  void makesRegularSecondTimestampsNearlyFree() {
    int n = 120;
    long[] ts = new long[n];
    double[] vs = new double[n];
    for (int i = 0; i < n; i++) {
      ts[i] = 1_761_998_400_000L + i * 15_000L;
      vs[i] = 7;
    }
    // Header, first timestamp and delta, one bit per further timestamp and value, checksum.
    assertThat(Chunk.encode(ts, vs, n).size()).isLessThan(50);
  }

  @Test
  void rejectsTimestampsThatDoNotIncrease() {
    assertThatThrownBy(() -> Chunk.encode(new long[] {5, 5}, new double[] {1, 2}, 2))
        .hasMessageContaining("strictly increase");
    assertThatThrownBy(() -> Chunk.encode(new long[] {5, 4}, new double[] {1, 2}, 2))
        .hasMessageContaining("strictly increase");
  }

  @Test
  void reportsCorruptionWithTheKey() {
    byte[] bytes = Chunk.encode(new long[] {1000, 2000, 3000}, new double[] {1, 2, 3}, 3).bytes();
    bytes[bytes.length / 2] ^= 0x10;

    assertThatThrownBy(() -> Chunk.decode(bytes, "series 7, chunk 1000"))
        .isInstanceOf(CorruptValueException.class)
        .hasMessageContaining("Chunk/1")
        .hasMessageContaining("series 7, chunk 1000")
        .hasMessageContaining("checksum");
  }
}
