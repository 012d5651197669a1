package io.tidemark.storage.chunk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class HeadChunkTest {

  private static void assertRoundTrip(long[] ts, double[] vs) {
    HeadChunk head = new HeadChunk();
    for (int i = 0; i < ts.length; i++) {
      head.append(ts[i], vs[i]);
      assertThat(head.lastTimestamp()).isEqualTo(ts[i]);
    }
    long[] outTs = new long[ts.length];
    double[] outVs = new double[ts.length];
    head.decode(outTs, outVs);

    assertThat(head.count()).isEqualTo(ts.length);
    assertThat(head.firstTimestamp()).isEqualTo(ts[0]);
    assertThat(outTs).containsExactly(ts);
    for (int i = 0; i < vs.length; i++) {
      assertThat(Double.doubleToRawLongBits(outVs[i]))
          .as("value %d", i)
          .isEqualTo(Double.doubleToRawLongBits(vs[i]));
    }
  }

  @Test
  void keepsEveryValueBitForBitWhateverItIs() {
    double nanWithPayload = Double.longBitsToDouble(0x7ff8_0000_dead_beefL);
    assertRoundTrip(
        new long[] {-5_000, 0, 1, 2, 1_000_000_000_000L, 1_000_000_000_001L, Long.MAX_VALUE},
        new double[] {
          0.0, -0.0, nanWithPayload, Double.POSITIVE_INFINITY, Double.MIN_VALUE, 1e308, 1e308
        });
  }

  @Test
  void roundTripsRandomSeriesOfEveryShape() {
    Random random = new Random(11);
    for (int run = 0; run < 500; run++) {
      int n = 1 + random.nextInt(130);
      long[] ts = new long[n];
      double[] vs = new double[n];
      long t = random.nextLong() >> 20;
      double v = random.nextGaussian() * 1e6;
      for (int i = 0; i < n; i++) {
        t += 1 + (run % 3 == 0 ? random.nextInt(1 << 20) : 15_000 + random.nextInt(3_000));
        ts[i] = t;
        v =
            switch (run % 4) {
              case 0 -> v; // constant
              case 1 -> v + random.nextInt(1_000) * 4096.0; // page-aligned memory
              case 2 -> Double.longBitsToDouble(random.nextLong()); // anything, NaNs included
              default -> v + random.nextDouble(); // a counter in seconds
            };
        vs[i] = v;
      }
      assertRoundTrip(ts, vs);
    }
  }

  @Test
  void kubeletLikeSamplesTakeAboutHalfOfTwoArrays() {
    HeadChunk head = new HeadChunk();
    Random random = new Random(3);
    long t = 1_795_000_000_000L;
    double memory = 300 * 1024 * 1024;
    for (int i = 0; i < 120; i++) {
      t += 15_000 + random.nextInt(2_000) - 1_000;
      memory += (random.nextInt(200) - 100) * 4096.0;
      head.append(t, memory);
    }

    assertThat(head.bytes() / 119.0).isLessThan(8.0); // two arrays: 16 bytes a sample
  }

  @Test
  void refusesASampleThatIsNotNewerAndClearsToEmpty() {
    HeadChunk head = new HeadChunk();
    head.append(10, 1);
    head.append(20, 2);

    assertThatThrownBy(() -> head.append(20, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("20 then 20");
    head.clear();
    assertThat(head.count()).isZero();
    assertThat(head.bytes()).isZero();
    head.append(5, 7);
    long[] ts = new long[1];
    double[] vs = new double[1];
    head.decode(ts, vs);
    assertThat(ts).containsExactly(5);
    assertThat(vs).containsExactly(7.0);
  }
}
