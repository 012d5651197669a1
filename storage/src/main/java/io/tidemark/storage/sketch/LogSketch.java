package io.tidemark.storage.sketch;

import io.tidemark.storage.CorruptValueException;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Objects;

/**
 * A compact, mergeable quantile sketch with relative accuracy: layout {@code LogSketch/1}.
 *
 * <p>Values are counted in logarithmic buckets, after DDSketch (Masson, Rim and Lee, VLDB 2019).
 * With {@code a = RELATIVE_ACCURACY} and {@code gamma = (1 + a) / (1 - a)}, a value {@code v} goes
 * to bucket {@code i = ceil(ln|v| / ln gamma)} of the positive or the negative store by its sign.
 * The bucket holds {@code (gamma^(i-1), gamma^i]} and reads back as {@code 2 gamma^i / (gamma +
 * 1)}, which is within relative error {@code a} of every value in it, up to a few units in the last
 * place of floating-point rounding. Buckets are computed with {@link StrictMath}, so the same
 * values give the same buckets, and the same bytes, on every JVM. Special values:
 *
 * <ul>
 *   <li>{@code |v| < ZERO_THRESHOLD} (zeros of either sign, subnormals) is counted as zero and
 *       reads back as {@code 0.0};
 *   <li>NaN is ignored: it is counted nowhere, not even in {@link #count()};
 *   <li>{@code +Infinity} ranks above every finite value and reads back as itself, {@code
 *       -Infinity} below every finite value; a finite value never reads back as infinite.
 * </ul>
 *
 * <p>Quantiles: with {@code n = count()}, {@link #quantile(double) quantile(q)} takes the 0-based
 * lower rank {@code r = floor(q * (n - 1))}, walks {@code -Infinity}, the negative buckets from the
 * most negative up, the zeros, the positive buckets from the smallest up and {@code +Infinity}, and
 * returns what the bucket holding rank {@code r} reads back as. So if {@code s} are the values
 * added, sorted, the answer is within relative error {@code a} of {@code s[r]} (exact when it is
 * zero or infinite, {@code 0.0} when it is below {@code ZERO_THRESHOLD}).
 *
 * <p>Bucket boundaries are fixed, so merging loses nothing: sketches of the parts, merged in any
 * order, equal the sketch of the whole. A store keeps one {@code long} per bucket between its
 * lowest and highest occupied bucket; a few minutes of a noisy gauge occupy a handful, and no store
 * can exceed {@code MAX_INDEX - MIN_INDEX + 1} (about 36,500) buckets.
 *
 * <pre>
 * LogSketch --> Header(u8), [ZeroCount(varint)], [Positive(Store)], [Negative(Store)],
 *               [PosInfCount(varint)], [NegInfCount(varint)]
 * Header    --> Version(high 3 bits = 1), Flags(low 5 bits)
 * Flags     --> bit 0 ZeroCount | bit 1 Positive | bit 2 Negative | bit 3 PosInfCount |
 *               bit 4 NegInfCount              (a flag is set exactly when its part follows)
 * Store     --> FirstIndex(zig-zag varint), BucketCount(varint), Count(varint), Next*
 * Next      --> Count(varint) | Zero(u8 = 0), EmptyRun(varint), Count(varint)
 *                                (the Counts and EmptyRuns add up to BucketCount buckets)
 * </pre>
 *
 * <p>Varints are unsigned LEB128, at most 10 bytes, without redundant trailing groups. Every count
 * is at least 1; each maximal run of empty buckets inside a store is written once, as a 0 and its
 * length, so a store that spans two clusters of values far apart costs a few bytes, not one per
 * empty bucket. A store's buckets start at index {@code FirstIndex} (the negative store counts
 * {@code |v|}) and lie in {@code [MIN_INDEX, MAX_INDEX]}; the counts sum to at most {@code
 * Long.MAX_VALUE}. The encoding is canonical: {@link #decode} accepts exactly the bytes {@link
 * #encode} writes. There is no checksum, the value that contains a sketch carries one.
 *
 * <p>Not thread-safe: confine an instance to one thread or guard it.
 */
public final class LogSketch {

  /** The name and version of the encoded layout. */
  public static final String LAYOUT = "LogSketch/1";

  /** The relative error bound of every quantile of values outside the zero bucket. */
  public static final double RELATIVE_ACCURACY = 0.01;

  /** Values with a smaller magnitude are counted as zero. */
  public static final double ZERO_THRESHOLD = 1e-9;

  static final double GAMMA = (1 + RELATIVE_ACCURACY) / (1 - RELATIVE_ACCURACY);
  private static final double LOG_GAMMA = StrictMath.log(GAMMA);
  private static final double LOG_REPRESENTATIVE_FACTOR = StrictMath.log(2 / (GAMMA + 1));

  /** The bucket of {@code ZERO_THRESHOLD}, the lowest a store can use. */
  static final int MIN_INDEX = index(ZERO_THRESHOLD);

  /** The bucket of {@code Double.MAX_VALUE}, the highest a store can use. */
  static final int MAX_INDEX = index(Double.MAX_VALUE);

  private static final int VERSION = 1;
  private static final int ZERO = 1;
  private static final int POSITIVE = 1 << 1;
  private static final int NEGATIVE = 1 << 2;
  private static final int POS_INF = 1 << 3;
  private static final int NEG_INF = 1 << 4;

  private final Store positive = new Store();
  private final Store negative = new Store();
  private long zeroCount;
  private long posInfCount;
  private long negInfCount;
  private long count;

  /** An empty sketch. */
  public LogSketch() {}

  static int index(double magnitude) {
    // StrictMath, so that a value on a bucket boundary lands in the same bucket on every JVM.
    return (int) Math.ceil(StrictMath.log(magnitude) / LOG_GAMMA);
  }

  static double representative(int index) {
    // The factor goes into the exponent: gamma^MAX_INDEX overflows, its representative does not.
    return Math.exp(index * LOG_GAMMA + LOG_REPRESENTATIVE_FACTOR);
  }

  /** Adds one value. */
  public void add(double value) {
    add(value, 1);
  }

  /**
   * Adds {@code n} copies of a value.
   *
   * @throws IllegalArgumentException when {@code n} is negative
   * @throws ArithmeticException when the total count would exceed {@code Long.MAX_VALUE}
   */
  public void add(double value, long n) {
    if (n < 0) {
      throw new IllegalArgumentException("count must not be negative: " + n);
    }
    if (n == 0 || Double.isNaN(value)) {
      return;
    }
    long total = Math.addExact(count, n);
    if (value == Double.POSITIVE_INFINITY) {
      posInfCount += n;
    } else if (value == Double.NEGATIVE_INFINITY) {
      negInfCount += n;
    } else if (Math.abs(value) < ZERO_THRESHOLD) {
      zeroCount += n;
    } else if (value > 0) {
      positive.add(index(value), n);
    } else {
      negative.add(index(-value), n);
    }
    count = total;
  }

  /**
   * Adds every value counted by {@code other}, which is left unchanged ({@code other} may be this
   * sketch, which then counts everything twice).
   *
   * @throws ArithmeticException when the total count would exceed {@code Long.MAX_VALUE}
   */
  public void merge(LogSketch other) {
    long total = Math.addExact(count, other.count);
    zeroCount += other.zeroCount;
    posInfCount += other.posInfCount;
    negInfCount += other.negInfCount;
    positive.addAll(other.positive);
    negative.addAll(other.negative);
    count = total;
  }

  /** How many values were added, NaN not included. */
  public long count() {
    return count;
  }

  /** Whether no value (other than NaN) was added. */
  public boolean isEmpty() {
    return count == 0;
  }

  /**
   * The value at the lower rank {@code floor(q * (count() - 1))}, within {@link
   * #RELATIVE_ACCURACY}; see the class comment for the exact rule.
   *
   * @param q the quantile, from 0 (the smallest value) to 1 (the largest)
   * @return the estimate, or NaN when the sketch is empty
   * @throws IllegalArgumentException when {@code q} is not in {@code [0, 1]}
   */
  public double quantile(double q) {
    if (!(q >= 0 && q <= 1)) {
      throw new IllegalArgumentException("quantile must be in [0, 1]: " + q);
    }
    if (count == 0) {
      return Double.NaN;
    }
    // The cast saturates and the product may round up past count - 1 when count is huge.
    long rank = Math.min((long) Math.floor(q * (count - 1)), count - 1);
    long seen = negInfCount;
    if (rank < seen) {
      return Double.NEGATIVE_INFINITY;
    }
    for (int i = negative.maxIndex; i >= negative.minIndex; i--) {
      seen += negative.get(i);
      if (rank < seen) {
        return -representative(i);
      }
    }
    seen += zeroCount;
    if (rank < seen) {
      return 0.0;
    }
    for (int i = positive.minIndex; i <= positive.maxIndex; i++) {
      seen += positive.get(i);
      if (rank < seen) {
        return representative(i);
      }
    }
    return Double.POSITIVE_INFINITY;
  }

  /** The {@code LogSketch/1} encoding; an empty sketch takes one byte. */
  public byte[] encode() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(16);
    int flags =
        (zeroCount > 0 ? ZERO : 0)
            | (positive.isEmpty() ? 0 : POSITIVE)
            | (negative.isEmpty() ? 0 : NEGATIVE)
            | (posInfCount > 0 ? POS_INF : 0)
            | (negInfCount > 0 ? NEG_INF : 0);
    out.write(VERSION << 5 | flags);
    if (zeroCount > 0) {
      writeVarint(out, zeroCount);
    }
    positive.encode(out);
    negative.encode(out);
    if (posInfCount > 0) {
      writeVarint(out, posInfCount);
    }
    if (negInfCount > 0) {
      writeVarint(out, negInfCount);
    }
    return out.toByteArray();
  }

  /**
   * Decodes a whole array; see {@link #decode(byte[], int, int, String)}.
   *
   * @throws CorruptValueException naming {@code keyForErrors} when the bytes are not a valid {@code
   *     LogSketch/1}
   */
  public static LogSketch decode(byte[] bytes, String keyForErrors) {
    return decode(bytes, 0, bytes.length, keyForErrors);
  }

  /**
   * Decodes the {@code length} bytes at {@code offset}, all of which must belong to the sketch.
   *
   * @param keyForErrors a printable form of the key the sketch was stored under
   * @throws CorruptValueException naming {@code keyForErrors} when the bytes are not a valid {@code
   *     LogSketch/1}
   * @throws IndexOutOfBoundsException when the range is not inside {@code bytes}
   */
  public static LogSketch decode(byte[] bytes, int offset, int length, String keyForErrors) {
    Objects.checkFromIndexSize(offset, length, bytes.length);
    Reader in = new Reader(bytes, offset, offset + length, keyForErrors);
    int header = in.u8();
    if (header >>> 5 != VERSION) {
      throw in.corrupt("unsupported version " + (header >>> 5));
    }
    LogSketch sketch = new LogSketch();
    if ((header & ZERO) != 0) {
      sketch.zeroCount = in.count();
    }
    if ((header & POSITIVE) != 0) {
      sketch.positive.decode(in);
    }
    if ((header & NEGATIVE) != 0) {
      sketch.negative.decode(in);
    }
    if ((header & POS_INF) != 0) {
      sketch.posInfCount = in.count();
    }
    if ((header & NEG_INF) != 0) {
      sketch.negInfCount = in.count();
    }
    if (in.position != in.end) {
      throw in.corrupt((in.end - in.position) + " trailing bytes");
    }
    long total = sketch.zeroCount;
    for (long part :
        new long[] {
          sketch.positive.total(), sketch.negative.total(), sketch.posInfCount, sketch.negInfCount
        }) {
      total += part;
      if (total < 0 || part < 0) {
        throw in.corrupt("total count exceeds " + Long.MAX_VALUE);
      }
    }
    sketch.count = total;
    return sketch;
  }

  /** Equal when both count the same values in the same buckets. */
  @Override
  public boolean equals(Object o) {
    return o instanceof LogSketch other
        && count == other.count
        && zeroCount == other.zeroCount
        && posInfCount == other.posInfCount
        && negInfCount == other.negInfCount
        && positive.equals(other.positive)
        && negative.equals(other.negative);
  }

  @Override
  public int hashCode() {
    return Objects.hash(zeroCount, posInfCount, negInfCount, positive, negative);
  }

  @Override
  public String toString() {
    return "LogSketch[count="
        + count
        + ", zero="
        + zeroCount
        + ", positive="
        + positive
        + ", negative="
        + negative
        + ", +inf="
        + posInfCount
        + ", -inf="
        + negInfCount
        + "]";
  }

  private static void writeVarint(ByteArrayOutputStream out, long value) {
    while ((value & ~0x7FL) != 0) {
      out.write((int) (value & 0x7F) | 0x80);
      value >>>= 7;
    }
    out.write((int) value);
  }

  /*
   * The counts of one sign's buckets: counts[i - offset] for bucket i. Only [minIndex, maxIndex]
   * is meaningful (empty when minIndex > maxIndex); the rest of the array is room to grow, so
   * equality and hashing look at that range only. Counts never decrease, so the range is exactly
   * the lowest and highest occupied bucket.
   */
  private static final class Store {

    private long[] counts = new long[0];
    private int offset;
    private int minIndex = Integer.MAX_VALUE;
    private int maxIndex = Integer.MIN_VALUE;

    boolean isEmpty() {
      return minIndex > maxIndex;
    }

    long get(int index) {
      return counts[index - offset];
    }

    void add(int index, long n) {
      grow(index, index);
      counts[index - offset] += n;
      minIndex = Math.min(minIndex, index);
      maxIndex = Math.max(maxIndex, index);
    }

    void addAll(Store other) {
      if (other.isEmpty()) {
        return;
      }
      int lo = other.minIndex;
      int hi = other.maxIndex;
      grow(lo, hi);
      for (int i = lo; i <= hi; i++) {
        counts[i - offset] += other.counts[i - other.offset];
      }
      minIndex = Math.min(minIndex, lo);
      maxIndex = Math.max(maxIndex, hi);
    }

    private void grow(int lo, int hi) {
      if (lo >= offset && hi < offset + counts.length) {
        return;
      }
      int newLo = isEmpty() ? lo : Math.min(lo, minIndex);
      int newHi = isEmpty() ? hi : Math.max(hi, maxIndex);
      int span = newHi - newLo + 1;
      int slack = span / 2 + 2;
      long[] grown = new long[span + slack];
      int newOffset = newLo - slack / 2;
      if (!isEmpty()) {
        System.arraycopy(
            counts, minIndex - offset, grown, minIndex - newOffset, maxIndex - minIndex + 1);
      }
      counts = grown;
      offset = newOffset;
    }

    /** The sum of the counts, or -1 when it exceeds {@code Long.MAX_VALUE}. */
    long total() {
      long sum = 0;
      for (int i = minIndex; i <= maxIndex; i++) {
        sum += get(i);
        if (sum < 0) {
          return -1;
        }
      }
      return sum;
    }

    void encode(ByteArrayOutputStream out) {
      if (isEmpty()) {
        return;
      }
      long first = minIndex;
      writeVarint(out, (first << 1) ^ (first >> 63));
      writeVarint(out, maxIndex - minIndex + 1);
      for (int i = minIndex; i <= maxIndex; ) {
        if (get(i) > 0) {
          writeVarint(out, get(i++));
          continue;
        }
        int run = 0;
        for (; get(i) == 0; i++) {
          run++;
        }
        out.write(0);
        writeVarint(out, run);
      }
    }

    void decode(Reader in) {
      long zigZag = in.varint();
      long first = (zigZag >>> 1) ^ -(zigZag & 1);
      if (first < MIN_INDEX || first > MAX_INDEX) {
        throw in.corrupt(
            "bucket index " + first + " outside [" + MIN_INDEX + ", " + MAX_INDEX + "]");
      }
      long buckets = in.varint();
      if (buckets < 1 || buckets > MAX_INDEX - first + 1) {
        throw in.corrupt("implausible bucket count " + buckets + " from index " + first);
      }
      counts = new long[(int) buckets];
      boolean afterRun =
          true; // a store neither starts with empty buckets nor has two runs in a row
      for (int k = 0; k < counts.length; ) {
        long n = in.varint();
        if (n < 0) {
          throw in.corrupt("bucket count exceeds " + Long.MAX_VALUE);
        } else if (n > 0) {
          counts[k++] = n;
          afterRun = false;
          continue;
        }
        long run = in.varint();
        if (afterRun || run < 1 || run >= counts.length - k) {
          throw in.corrupt("misplaced run of " + run + " empty buckets at bucket " + k);
        }
        k += (int) run;
        afterRun = true;
      }
      offset = (int) first;
      minIndex = offset;
      maxIndex = offset + counts.length - 1;
    }

    @Override
    public boolean equals(Object o) {
      if (!(o instanceof Store other) || minIndex != other.minIndex || maxIndex != other.maxIndex) {
        return false;
      }
      return isEmpty()
          || Arrays.equals(
              counts,
              minIndex - offset,
              maxIndex - offset + 1,
              other.counts,
              minIndex - other.offset,
              maxIndex - other.offset + 1);
    }

    @Override
    public int hashCode() {
      int h = minIndex;
      for (int i = minIndex; i <= maxIndex; i++) {
        h = 31 * h + Long.hashCode(get(i));
      }
      return h;
    }

    @Override
    public String toString() {
      StringBuilder out = new StringBuilder("{");
      for (int i = minIndex; i <= maxIndex; i++) {
        if (get(i) > 0) {
          out.append(out.length() > 1 ? ", " : "").append(i).append('=').append(get(i));
        }
      }
      return out.append('}').toString();
    }
  }

  /** Bounds-checked reads of one encoded sketch; every problem names the key. */
  private static final class Reader {

    private final byte[] bytes;
    private final int end;
    private final String key;
    private int position;

    Reader(byte[] bytes, int position, int end, String key) {
      this.bytes = bytes;
      this.position = position;
      this.end = end;
      this.key = key;
    }

    CorruptValueException corrupt(String problem) {
      return new CorruptValueException(LAYOUT, key, problem);
    }

    int u8() {
      if (position >= end) {
        throw corrupt("truncated at byte " + position);
      }
      return bytes[position++] & 0xFF;
    }

    /** An unsigned varint; above {@code Long.MAX_VALUE} it reads as negative. */
    long varint() {
      long value = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        int b = u8();
        if (shift == 63 && b > 1) {
          throw corrupt("varint exceeds 64 bits");
        }
        value |= (long) (b & 0x7F) << shift;
        if ((b & 0x80) == 0) {
          if (b == 0 && shift > 0) {
            throw corrupt("varint with a redundant trailing group");
          }
          return value;
        }
      }
      throw corrupt("varint longer than 10 bytes");
    }

    /** A count that follows a flag: at least 1. */
    long count() {
      long n = varint();
      if (n < 1) {
        throw corrupt("count " + Long.toUnsignedString(n) + " where at least 1 is required");
      }
      return n;
    }
  }
}
