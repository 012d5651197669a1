package io.tidemark.storage.sketch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import io.tidemark.storage.CorruptValueException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class LogSketchTest {

  private static final double[] QUANTILES = {0, 0.01, 0.5, 0.9, 0.95, 0.99, 1};

  /** The accuracy bound with room for rounding in the last few bits, and no more. */
  private static final double TOLERANCE = LogSketch.RELATIVE_ACCURACY * (1 + 1e-9);

  private static double maxRelativeError;

  private enum Distribution {
    UNIFORM,
    LOGNORMAL,
    MEMORY_GAUGE,
    SMALL,
    MIXED_SIGNS_AND_ZEROS,
    WIDE_MAGNITUDES,
    SMALL_INTEGERS,
    WITH_INFINITIES;

    DoubleSupplier of(Random random) {
      return switch (this) {
        case UNIFORM -> () -> random.nextDouble() * 1000;
        case LOGNORMAL -> () -> Math.exp(2 * random.nextGaussian());
        case MEMORY_GAUGE -> () -> 2e9 * (1 + 0.05 * (2 * random.nextDouble() - 1));
        case SMALL -> () -> 0.003 * (1 + 0.1 * (2 * random.nextDouble() - 1));
        case MIXED_SIGNS_AND_ZEROS ->
            () -> {
              int kind = random.nextInt(5);
              double magnitude = Math.exp(3 * random.nextGaussian());
              return kind == 0 ? 0.0 : kind <= 2 ? -magnitude : magnitude;
            };
        case WIDE_MAGNITUDES ->
            () -> (random.nextBoolean() ? 1 : -1) * Math.pow(10, -8 + 316 * random.nextDouble());
        case SMALL_INTEGERS -> () -> random.nextInt(11);
        case WITH_INFINITIES ->
            () -> {
              int kind = random.nextInt(20);
              double finite = (random.nextBoolean() ? 1 : -1) * Math.exp(random.nextGaussian());
              return kind == 0
                  ? Double.POSITIVE_INFINITY
                  : kind == 1 ? Double.NEGATIVE_INFINITY : finite;
            };
      };
    }
  }

  private static double[] sample(Distribution distribution, long seed, int n) {
    DoubleSupplier next = distribution.of(new Random(seed));
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      values[i] = next.getAsDouble();
    }
    return values;
  }

  private static LogSketch sketchOf(double[] values, int from, int to) {
    LogSketch sketch = new LogSketch();
    for (int i = from; i < to; i++) {
      sketch.add(values[i]);
    }
    return sketch;
  }

  private static LogSketch sketchOf(double... values) {
    return sketchOf(values, 0, values.length);
  }

  private static void assertAccurate(LogSketch sketch, double[] values, String context) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    for (double q : QUANTILES) {
      double exact = sorted[(int) Math.floor(q * (sorted.length - 1))];
      double estimate = sketch.quantile(q);
      if (exact == 0 || Double.isInfinite(exact)) {
        assertThat(estimate).as("%s q=%s", context, q).isEqualTo(exact);
        continue;
      }
      double error = Math.abs(estimate - exact) / Math.abs(exact);
      maxRelativeError = Math.max(maxRelativeError, error);
      assertThat(error)
          .as("%s q=%s: exact %s, estimate %s", context, q, exact, estimate)
          .isLessThanOrEqualTo(TOLERANCE);
    }
  }

  private static LogSketch decode(byte[] bytes) {
    return LogSketch.decode(bytes, "test");
  }

  @AfterAll
  static void reportMaxRelativeError() {
    System.out.printf(
        "LogSketch: max observed relative error %s (bound %s)%n",
        maxRelativeError, LogSketch.RELATIVE_ACCURACY);
  }

  @Test
  void quantilesAreWithinRelativeAccuracyOfTheExactLowerRank() {
    for (Distribution distribution : Distribution.values()) {
      for (int n : new int[] {1, 2, 3, 20, 1000, 20_000}) {
        for (long seed = 1; seed <= 5; seed++) {
          double[] values = sample(distribution, seed * 7919 + n, n);
          LogSketch sketch = sketchOf(values);
          assertThat(sketch.count()).isEqualTo(n);
          assertAccurate(sketch, values, distribution + " n=" + n + " seed=" + seed);
        }
      }
    }
    assertThat(maxRelativeError).isPositive();
  }

  @Test
  void mergedPartsEqualTheSketchOfTheWhole() {
    Random random = new Random(42);
    for (Distribution distribution : Distribution.values()) {
      double[] values = sample(distribution, 17, 5000);
      LogSketch whole = sketchOf(values);
      List<Integer> cuts = new ArrayList<>(List.of(0, values.length));
      for (int i = 0; i < 6; i++) {
        cuts.add(random.nextInt(values.length + 1));
      }
      cuts.sort(null);
      // Merge in reverse so that stores grow downwards as well as upwards.
      LogSketch merged = new LogSketch();
      for (int i = cuts.size() - 1; i > 0; i--) {
        merged.merge(sketchOf(values, cuts.get(i - 1), cuts.get(i)));
      }
      assertThat(merged).as("%s", distribution).isEqualTo(whole);
      assertThat(merged.hashCode()).isEqualTo(whole.hashCode());
      assertThat(merged.count()).isEqualTo(whole.count());
      for (double q : QUANTILES) {
        assertThat(merged.quantile(q)).isEqualTo(whole.quantile(q));
      }
      assertThat(merged.encode()).isEqualTo(whole.encode());
      assertAccurate(merged, values, "merged " + distribution);
    }
  }

  @Test
  void mergingIntoItselfDoublesEveryCount() {
    double[] values = sample(Distribution.MIXED_SIGNS_AND_ZEROS, 3, 300);
    LogSketch sketch = sketchOf(values);
    sketch.merge(sketch);
    LogSketch twice = new LogSketch();
    for (double v : values) {
      twice.add(v, 2);
    }
    assertThat(sketch).isEqualTo(twice);
    assertThat(sketch.count()).isEqualTo(600);
  }

  @Test
  void addingACountEqualsAddingOneAtATime() {
    LogSketch bulk = new LogSketch();
    bulk.add(3.5, 4);
    bulk.add(-1, 2);
    bulk.add(7, 0);
    LogSketch single = sketchOf(3.5, 3.5, -1, 3.5, -1, 3.5);
    assertThat(bulk).isEqualTo(single);
    assertThatThrownBy(() -> bulk.add(1, -1)).isInstanceOf(IllegalArgumentException.class);
    LogSketch full = new LogSketch();
    full.add(1, Long.MAX_VALUE);
    assertThatThrownBy(() -> full.add(2)).isInstanceOf(ArithmeticException.class);
    assertThat(full.count()).isEqualTo(Long.MAX_VALUE);
    assertThat(full.quantile(1)).isCloseTo(1, offset(0.01));
  }

  @Test
  void roundTripsThroughItsEncoding() {
    for (Distribution distribution : Distribution.values()) {
      for (int n : new int[] {1, 20, 5000}) {
        LogSketch sketch = sketchOf(sample(distribution, n, n));
        sketch.add(Double.POSITIVE_INFINITY);
        sketch.add(Double.NEGATIVE_INFINITY, 3);
        byte[] bytes = sketch.encode();
        LogSketch decoded = decode(bytes);
        assertThat(decoded).as("%s n=%d", distribution, n).isEqualTo(sketch);
        assertThat(decoded.count()).isEqualTo(sketch.count());
        assertThat(decoded.encode()).isEqualTo(bytes);
        for (double q : QUANTILES) {
          assertThat(decoded.quantile(q)).isEqualTo(sketch.quantile(q));
        }
      }
    }
  }

  @Test
  void decodesFromTheMiddleOfALargerArray() {
    byte[] bytes = sketchOf(sample(Distribution.LOGNORMAL, 9, 100)).encode();
    byte[] padded = new byte[bytes.length + 7];
    Arrays.fill(padded, (byte) 0xFF);
    System.arraycopy(bytes, 0, padded, 3, bytes.length);
    assertThat(LogSketch.decode(padded, 3, bytes.length, "test")).isEqualTo(decode(bytes));
    assertThatThrownBy(() -> LogSketch.decode(padded, 5, padded.length, "test"))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void encodesAFiveMinuteGaugeWindowInAFewBytes() {
    int largest2 = 0;
    int largest5 = 0;
    int largestRestart = 0;
    for (long seed = 0; seed < 200; seed++) {
      Random random = new Random(seed);
      LogSketch within2 = new LogSketch();
      LogSketch within5 = new LogSketch();
      LogSketch restart = new LogSketch(); // a container restarts: 2 GB, then 5 MB
      for (int i = 0; i < 20; i++) {
        within2.add(2e9 * (1 + 0.02 * (2 * random.nextDouble() - 1)));
        within5.add(2e9 * (1 + 0.05 * (2 * random.nextDouble() - 1)));
        restart.add((i < 12 ? 2e9 : 5e6) * (1 + 0.02 * (2 * random.nextDouble() - 1)));
      }
      assertThat(decode(restart.encode())).isEqualTo(restart);
      largest2 = Math.max(largest2, within2.encode().length);
      largest5 = Math.max(largest5, within5.encode().length);
      largestRestart = Math.max(largestRestart, restart.encode().length);
    }
    System.out.printf(
        "LogSketch: 20 samples of 2e9 +-2%% encode in at most %d bytes, +-5%% in %d,"
            + " 2e9 then 5e6 +-2%% in %d%n",
        largest2, largest5, largestRestart);
    // Header, a two-byte first index, a bucket count and at most four one-byte counts.
    assertThat(largest2).isLessThanOrEqualTo(8);
    assertThat(largest5).isLessThanOrEqualTo(12);
    assertThat(largestRestart).isLessThanOrEqualTo(16);
  }

  @Test
  void emptySketchHasNoQuantilesAndEncodesInOneByte() {
    LogSketch empty = new LogSketch();
    assertThat(empty.isEmpty()).isTrue();
    assertThat(empty.count()).isZero();
    assertThat(empty.quantile(0.5)).isNaN();
    byte[] bytes = empty.encode();
    assertThat(bytes).hasSize(1);
    LogSketch decoded = decode(bytes);
    assertThat(decoded.isEmpty()).isTrue();
    assertThat(decoded).isEqualTo(empty).hasSameHashCodeAs(empty);
    assertThat(decoded.quantile(1)).isNaN();
  }

  @Test
  void ignoresNaNAndRanksInfinitiesAtTheEnds() {
    LogSketch sketch = sketchOf(Double.NaN, 5, Double.NaN);
    assertThat(sketch.count()).isEqualTo(1);
    assertThat(sketchOf(Double.NaN).isEmpty()).isTrue();
    sketch.add(Double.POSITIVE_INFINITY);
    sketch.add(Double.NEGATIVE_INFINITY);
    sketch.add(Double.MAX_VALUE);
    sketch.add(-Double.MAX_VALUE);
    assertThat(sketch.quantile(1)).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(sketch.quantile(0)).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(sketch.quantile(0.75)).isFinite().isGreaterThan(Double.MAX_VALUE * 0.99);
    assertThat(sketch.quantile(0.25)).isFinite().isLessThan(-Double.MAX_VALUE * 0.99);
    assertThat(sketch.quantile(0.5)).isCloseTo(5, offset(0.05));
  }

  @Test
  void countsTinyMagnitudesAsZero() {
    LogSketch sketch = sketchOf(-0.0, 0.0, Double.MIN_VALUE, -9.99e-10, 1e-9);
    assertThat(sketch.quantile(0)).isEqualTo(0.0);
    assertThat(sketch.quantile(0.75)).isEqualTo(0.0);
    assertThat(Math.abs(sketch.quantile(1) - 1e-9) / 1e-9).isLessThanOrEqualTo(TOLERANCE);
  }

  @Test
  void rejectsQuantilesOutsideTheUnitInterval() {
    LogSketch sketch = sketchOf(1, 2, 3);
    for (double q : new double[] {-0.01, 1.01, Double.NaN, Double.POSITIVE_INFINITY}) {
      assertThatThrownBy(() -> sketch.quantile(q)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void rejectsEveryTruncationAndTrailingBytes() {
    for (Distribution distribution : Distribution.values()) {
      LogSketch sketch = sketchOf(sample(distribution, 5, 200));
      sketch.add(Double.POSITIVE_INFINITY, 300);
      byte[] bytes = sketch.encode();
      for (int length = 0; length < bytes.length; length++) {
        int cut = length;
        assertThatThrownBy(() -> LogSketch.decode(bytes, 0, cut, "series 7"))
            .as("%s cut at %d of %d", distribution, cut, bytes.length)
            .isInstanceOf(CorruptValueException.class)
            .hasMessageContaining("LogSketch/1")
            .hasMessageContaining("series 7");
      }
      byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
      assertThatThrownBy(() -> decode(longer))
          .isInstanceOf(CorruptValueException.class)
          .hasMessageContaining("trailing");
    }
  }

  @Test
  void rejectsMalformedStores() {
    String[] malformed = {
      "40", // version 2
      "21", // zero count announced, missing
      "2100", // zero count of 0
      "22", // positive store announced, missing
      "22 0002 01", // a bucket missing
      "22 0002 0001", // starts with a run of empty buckets
      "22 0003 01 0002", // ends with a run of empty buckets
      "22 0005 01 0001 0001 01", // two runs in a row
      "22 0003 01 0000 01", // a run of no buckets
      "22 0002 01 01 01", // more buckets than announced
      "22 00 00", // no buckets
      "22 00 ffff03 01", // more buckets than there are indexes
      "22 feffffff0f 01 01", // first index far outside the range of doubles
      "22 9910 01 01", // first index -1037, the bucket below ZERO_THRESHOLD
      "22 00 01 8000", // varint with a redundant trailing group
      "22 00 01 ffffffffffffffffff01", // bucket count above Long.MAX_VALUE
      "22 00 01 ffffffffffffffffff02", // varint of more than 64 bits
      "22 00 01 ffffffffffffffffffff01", // varint longer than 10 bytes
      "2a 00 01 ffffffffffffffff7f 01", // total count above Long.MAX_VALUE
      "20 00", // trailing byte
    };
    for (String hex : malformed) {
      byte[] bytes = HexFormat.of().parseHex(hex.replace(" ", ""));
      assertThatThrownBy(() -> decode(bytes)).as(hex).isInstanceOf(CorruptValueException.class);
    }
  }

  @Test
  void acceptsOnlyCanonicalEncodingsOfRandomOrMutatedBytes() {
    Random random = new Random(7);
    List<byte[]> inputs = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      byte[] bytes = new byte[random.nextInt(24)];
      random.nextBytes(bytes);
      if (bytes.length > 0 && random.nextBoolean()) {
        bytes[0] = (byte) (0x20 | random.nextInt(32)); // a valid header, so the body is read
      }
      inputs.add(bytes);
    }
    byte[] valid = sketchOf(sample(Distribution.MIXED_SIGNS_AND_ZEROS, 11, 500)).encode();
    for (int i = 0; i < 2000; i++) {
      byte[] mutated = valid.clone();
      for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
        mutated[random.nextInt(mutated.length)] ^= (byte) (1 << random.nextInt(8));
      }
      inputs.add(mutated);
    }
    int rejected = 0;
    for (byte[] bytes : inputs) {
      LogSketch decoded;
      try {
        decoded = decode(bytes);
      } catch (CorruptValueException e) {
        rejected++;
        continue;
      }
      assertThat(decoded.encode()).as(HexFormat.of().formatHex(bytes)).isEqualTo(bytes);
    }
    assertThat(rejected).isGreaterThan(inputs.size() / 2).isLessThan(inputs.size());
  }

  /** Written by the first version of the layout; it must read the same forever. */
  @Test
  void readsTheGoldenLogSketch1Encoding() {
    double[] values = {0, 0, -3.5, 1, 1, 1.01, 1.05, 2e9, Double.POSITIVE_INFINITY};
    // Zeros, positive buckets 0, 1, 3 and 1071 (a run of 1067 empty ones), negative bucket 63,
    // +Inf.
    String golden = "2f" + "02" + "00b008020100010100ab0801" + "7e0101" + "01";
    LogSketch decoded = decode(HexFormat.of().parseHex(golden));
    assertThat(decoded).isEqualTo(sketchOf(values));
    assertThat(decoded.count()).isEqualTo(values.length);
    assertAccurate(decoded, values, "golden");
    assertThat(HexFormat.of().formatHex(sketchOf(values).encode())).isEqualTo(golden);
  }
}
