package io.tidemark.storage.chunk;

import io.tidemark.storage.CorruptValueException;
import io.tidemark.storage.Sample;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * A compressed run of one series' samples: layout {@code Chunk/1}.
 *
 * <pre>
 * Chunk      --> Magic(u8 = 0xC7), Version(u8 = 1), Encoding(u8), Count(varint),
 *                TimeExp(u8), [ValueExp(u8), ValueShift(u8)], Timestamps, Values, Padding,
 *                Crc32c(u32 BE, of every byte before it)
 * Encoding   --> 0 XOR | 1 SCALED_DELTA | 2 SCALED_DOD
 * Timestamps --> T0(zig-zag varint, ms), [D1(varint, in 10^TimeExp ms)],
 *                DoD^(Count-2)            (bit-packed, in 10^TimeExp ms)
 * DoD        --> '0' | '10' Int(7) | '110' Int(12) | '1110' Int(20) | '1111' Int(64)
 * Values XOR --> V0(64 bits), Xor^(Count-1)                       (Gorilla)
 * Xor        --> '0' (same value) | '10' Meaningful (previous window) |
 *                '11' Leading(5) Length(6, 0 means 64) Meaningful
 * Values SCALED_* --> the values times 10^ValueExp, as exact integers, divided by 2^ValueShift;
 *                the first as zig-zag varint, then per sample its delta (SCALED_DELTA) or
 *                delta-of-delta (SCALED_DOD) as Width
 * Width      --> '0' (zero) | '10' ZigZag(w) (fits the current width w) |
 *                '11' Bits(6, n - 1) ZigZag(n) (n becomes the current width; w starts at 0)
 * Padding    --> zero bits to a byte boundary
 * </pre>
 *
 * <p>Timestamps must be strictly increasing (an equal or older sample is the caller's to drop or
 * reject). They are cheap even when irregular: kubelet stats times are whole seconds, so {@code
 * TimeExp} is usually 3 and a second of jitter costs 9 bits. Values are integers in disguise
 * wherever kubelets publish bytes, counts or nanosecond counters: the encoder finds the smallest
 * power of ten (up to 10^9) that makes every value of the chunk an exact integer that reads back
 * bit for bit, factors out common powers of two (page-sized memory), and keeps the smaller of the
 * delta and delta-of-delta encodings; otherwise it falls back to XOR, which keeps NaN payloads,
 * infinities and -0.0 bit for bit. Either way every value round-trips exactly.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class Chunk {

  static final int MAGIC = 0xC7;
  static final int VERSION = 1;

  /** How a chunk's values are encoded. */
  public enum Encoding {
    /** Gorilla XOR of the IEEE 754 bits. */
    XOR,
    /** Exact scaled integers, delta encoded. */
    SCALED_DELTA,
    /** Exact scaled integers, delta-of-delta encoded. */
    SCALED_DOD
  }

  private static final long[] POW10 = new long[19];

  static {
    long p = 1;
    for (int i = 0; i < POW10.length; i++) {
      POW10[i] = p;
      p *= 10;
    }
  }

  private final byte[] bytes;
  private final Encoding encoding;
  private final long[] timestamps;
  private final double[] values;

  private Chunk(byte[] bytes, Encoding encoding, long[] timestamps, double[] values) {
    this.bytes = bytes;
    this.encoding = encoding;
    this.timestamps = timestamps;
    this.values = values;
  }

  /**
   * Encodes {@code count} samples.
   *
   * @throws IllegalArgumentException when {@code count} is below 1 or timestamps do not strictly
   *     increase
   */
  public static Chunk encode(long[] timestamps, double[] values, int count) {
    if (count < 1 || count > timestamps.length || count > values.length) {
      throw new IllegalArgumentException("a chunk holds 1 to " + timestamps.length + " samples");
    }
    for (int i = 1; i < count; i++) {
      if (timestamps[i] <= timestamps[i - 1]) {
        throw new IllegalArgumentException(
            "timestamps must strictly increase: " + timestamps[i - 1] + " then " + timestamps[i]);
      }
      if (timestamps[i] - timestamps[i - 1] <= 0) {
        throw new IllegalArgumentException("timestamp span overflows");
      }
    }
    long[] ts = Arrays.copyOf(timestamps, count);
    double[] vs = Arrays.copyOf(values, count);
    int timeExp = timeExponent(ts);

    byte[] best = encodeWith(Encoding.XOR, ts, vs, timeExp, 0, 0, null);
    Encoding chosen = Encoding.XOR;
    int valueExp = valueExponent(vs);
    if (valueExp >= 0) {
      long[] ints = new long[count];
      for (int i = 0; i < count; i++) {
        ints[i] = Math.round(vs[i] * POW10[valueExp]);
      }
      int shift = commonShift(ints);
      for (int i = 0; i < count; i++) {
        ints[i] >>= shift;
      }
      for (Encoding e : new Encoding[] {Encoding.SCALED_DELTA, Encoding.SCALED_DOD}) {
        byte[] candidate = encodeWith(e, ts, vs, timeExp, valueExp, shift, ints);
        if (candidate.length < best.length) {
          best = candidate;
          chosen = e;
        }
      }
    }
    return new Chunk(best, chosen, ts, vs);
  }

  /**
   * Decodes and verifies a chunk.
   *
   * @param keyForErrors a printable form of the key the chunk was stored under
   * @throws CorruptValueException naming the key when the bytes are not a valid {@code Chunk/1}
   */
  public static Chunk decode(byte[] bytes, String keyForErrors) {
    try {
      if (bytes.length < 8) {
        throw new IllegalArgumentException("only " + bytes.length + " bytes");
      }
      CRC32C crc = new CRC32C();
      crc.update(bytes, 0, bytes.length - 4);
      int stored = ByteBuffer.wrap(bytes, bytes.length - 4, 4).getInt();
      if ((int) crc.getValue() != stored) {
        throw new IllegalArgumentException("checksum mismatch");
      }
      if ((bytes[0] & 0xFF) != MAGIC) {
        throw new IllegalArgumentException("not a chunk (magic " + (bytes[0] & 0xFF) + ")");
      }
      if (bytes[1] != VERSION) {
        throw new IllegalArgumentException("unsupported chunk version " + bytes[1]);
      }
      BitReader in = new BitReader(bytes, 2, bytes.length - 6);
      int code = (int) in.readBits(8);
      if (code < 0 || code >= Encoding.values().length) {
        throw new IllegalArgumentException("unknown encoding " + code);
      }
      Encoding encoding = Encoding.values()[code];
      long countLong = in.readVarint();
      if (countLong < 1 || countLong > bytes.length * 8L) {
        throw new IllegalArgumentException("implausible sample count " + countLong);
      }
      int count = (int) countLong;
      int timeExp = (int) in.readBits(8);
      int valueExp = 0;
      int shift = 0;
      if (encoding != Encoding.XOR) {
        valueExp = (int) in.readBits(8);
        shift = (int) in.readBits(8);
        if (valueExp > 9 || shift > 63) {
          throw new IllegalArgumentException("invalid value scale");
        }
      }
      if (timeExp > 18) {
        throw new IllegalArgumentException("invalid time scale");
      }
      long[] ts = readTimestamps(in, count, POW10[timeExp]);
      double[] vs = new double[count];
      if (encoding == Encoding.XOR) {
        readXor(in, vs);
      } else {
        readScaled(in, vs, encoding == Encoding.SCALED_DOD, valueExp, shift);
      }
      return new Chunk(bytes.clone(), encoding, ts, vs);
    } catch (RuntimeException e) {
      throw new CorruptValueException("Chunk/1", keyForErrors, String.valueOf(e.getMessage()));
    }
  }

  /** The encoded bytes, checksum included. */
  public byte[] bytes() {
    return bytes.clone();
  }

  /** How many bytes the encoded chunk takes. */
  public int size() {
    return bytes.length;
  }

  /** How many samples. */
  public int count() {
    return timestamps.length;
  }

  /** The value encoding chosen. */
  public Encoding encoding() {
    return encoding;
  }

  /** The first sample's timestamp. */
  public long firstTimestamp() {
    return timestamps[0];
  }

  /** The last sample's timestamp. */
  public long lastTimestamp() {
    return timestamps[timestamps.length - 1];
  }

  /** Sample {@code i}'s timestamp. */
  public long timestamp(int i) {
    return timestamps[i];
  }

  /** Sample {@code i}'s value, bit for bit as encoded. */
  public double value(int i) {
    return values[i];
  }

  /** The samples, oldest first. */
  public List<Sample> samples() {
    List<Sample> out = new ArrayList<>(timestamps.length);
    for (int i = 0; i < timestamps.length; i++) {
      out.add(new Sample(timestamps[i], values[i]));
    }
    return out;
  }

  // ---- encoding ---------------------------------------------------------------------------

  private static byte[] encodeWith(
      Encoding encoding,
      long[] ts,
      double[] vs,
      int timeExp,
      int valueExp,
      int shift,
      long[] ints) {
    BitWriter out = new BitWriter();
    out.writeBits(MAGIC, 8);
    out.writeBits(VERSION, 8);
    out.writeBits(encoding.ordinal(), 8);
    out.writeVarint(ts.length);
    out.writeBits(timeExp, 8);
    if (encoding != Encoding.XOR) {
      out.writeBits(valueExp, 8);
      out.writeBits(shift, 8);
    }
    writeTimestamps(out, ts, POW10[timeExp]);
    switch (encoding) {
      case XOR -> writeXor(out, vs);
      case SCALED_DELTA -> writeScaled(out, ints, false);
      case SCALED_DOD -> writeScaled(out, ints, true);
    }
    byte[] body = out.toByteArray();
    CRC32C crc = new CRC32C();
    crc.update(body);
    byte[] chunk = Arrays.copyOf(body, body.length + 4);
    ByteBuffer.wrap(chunk, body.length, 4).putInt((int) crc.getValue());
    return chunk;
  }

  /** The largest power of ten (of ms, up to 10^3) dividing every gap between timestamps. */
  private static int timeExponent(long[] ts) {
    int exp = 3;
    for (int i = 1; i < ts.length && exp > 0; i++) {
      long gap = ts[i] - ts[i - 1];
      while (exp > 0 && gap % POW10[exp] != 0) {
        exp--;
      }
    }
    return exp;
  }

  private static void writeTimestamps(BitWriter out, long[] ts, long unit) {
    out.writeSignedVarint(ts[0]);
    if (ts.length == 1) {
      return;
    }
    long previousDelta = (ts[1] - ts[0]) / unit;
    out.writeVarint(previousDelta);
    for (int i = 2; i < ts.length; i++) {
      long delta = (ts[i] - ts[i - 1]) / unit;
      long dod = delta - previousDelta;
      if (dod == 0) {
        out.writeBit(false);
      } else if (dod >= -64 && dod <= 63) {
        out.writeBits(0b10, 2);
        out.writeBits(dod, 7);
      } else if (dod >= -2048 && dod <= 2047) {
        out.writeBits(0b110, 3);
        out.writeBits(dod, 12);
      } else if (dod >= -524288 && dod <= 524287) {
        out.writeBits(0b1110, 4);
        out.writeBits(dod, 20);
      } else {
        out.writeBits(0b1111, 4);
        out.writeBits(dod, 64);
      }
      previousDelta = delta;
    }
  }

  private static long[] readTimestamps(BitReader in, int count, long unit) {
    long[] ts = new long[count];
    ts[0] = in.readSignedVarint();
    if (count == 1) {
      return ts;
    }
    long delta = in.readVarint();
    ts[1] = ts[0] + delta * unit;
    for (int i = 2; i < count; i++) {
      long dod;
      if (!in.readBit()) {
        dod = 0;
      } else if (!in.readBit()) {
        dod = signExtend(in.readBits(7), 7);
      } else if (!in.readBit()) {
        dod = signExtend(in.readBits(12), 12);
      } else if (!in.readBit()) {
        dod = signExtend(in.readBits(20), 20);
      } else {
        dod = in.readBits(64);
      }
      delta += dod;
      ts[i] = ts[i - 1] + delta * unit;
    }
    return ts;
  }

  private static long signExtend(long value, int bits) {
    return (value << (64 - bits)) >> (64 - bits);
  }

  private static void writeXor(BitWriter out, double[] vs) {
    long previous = Double.doubleToRawLongBits(vs[0]);
    out.writeBits(previous, 64);
    int leading = -1;
    int trailing = 0;
    for (int i = 1; i < vs.length; i++) {
      long bits = Double.doubleToRawLongBits(vs[i]);
      long xor = bits ^ previous;
      previous = bits;
      if (xor == 0) {
        out.writeBit(false);
        continue;
      }
      int lead = Math.min(Long.numberOfLeadingZeros(xor), 31);
      int trail = Long.numberOfTrailingZeros(xor);
      if (leading >= 0 && lead >= leading && trail >= trailing) {
        out.writeBits(0b10, 2);
        out.writeBits(xor >>> trailing, 64 - leading - trailing);
      } else {
        leading = lead;
        trailing = trail;
        int length = 64 - leading - trailing;
        out.writeBits(0b11, 2);
        out.writeBits(leading, 5);
        out.writeBits(length == 64 ? 0 : length, 6);
        out.writeBits(xor >>> trailing, length);
      }
    }
  }

  private static void readXor(BitReader in, double[] vs) {
    long previous = in.readBits(64);
    vs[0] = Double.longBitsToDouble(previous);
    int leading = 0;
    int trailing = 0;
    for (int i = 1; i < vs.length; i++) {
      if (in.readBit()) {
        if (in.readBit()) {
          leading = (int) in.readBits(5);
          int length = (int) in.readBits(6);
          if (length == 0) {
            length = 64;
          }
          trailing = 64 - leading - length;
          if (trailing < 0) {
            throw new IllegalArgumentException("invalid XOR window");
          }
        }
        long meaningful = in.readBits(64 - leading - trailing);
        previous ^= meaningful << trailing;
      }
      vs[i] = Double.longBitsToDouble(previous);
    }
  }

  /**
   * The smallest power of ten, up to 10^9, that makes every value an integer which divides back to
   * the very same double; -1 when none does (then XOR is used).
   */
  private static int valueExponent(double[] vs) {
    for (int exp = 0; exp <= 9; exp++) {
      if (scalesExactly(vs, exp)) {
        return exp;
      }
    }
    return -1;
  }

  private static boolean scalesExactly(double[] vs, int exp) {
    double scale = POW10[exp];
    for (double v : vs) {
      if (!Double.isFinite(v) || (v == 0 && Double.doubleToRawLongBits(v) != 0)) {
        return false; // NaN, infinities and -0.0 keep their bits only under XOR
      }
      double scaled = v * scale;
      if (Math.abs(scaled) >= 0x1p53) {
        return false;
      }
      long integer = Math.round(scaled);
      if (Double.doubleToRawLongBits(integer / scale) != Double.doubleToRawLongBits(v)) {
        return false;
      }
    }
    return true;
  }

  /** The trailing zero bits every value has in common (memory is counted in pages). */
  private static int commonShift(long[] ints) {
    long or = 0;
    for (long v : ints) {
      or |= v;
    }
    return or == 0 ? 0 : Math.min(Long.numberOfTrailingZeros(or), 62);
  }

  private static void writeScaled(BitWriter out, long[] ints, boolean dod) {
    out.writeSignedVarint(ints[0]);
    long previous = ints[0];
    long previousDelta = 0;
    int width = 0;
    for (int i = 1; i < ints.length; i++) {
      long delta = ints[i] - previous;
      long written = dod ? delta - previousDelta : delta;
      width = writeWidth(out, written, width);
      previous = ints[i];
      previousDelta = delta;
    }
  }

  private static void readScaled(BitReader in, double[] vs, boolean dod, int valueExp, int shift) {
    double scale = POW10[valueExp];
    long value = in.readSignedVarint();
    vs[0] = (value << shift) / scale;
    long delta = 0;
    int[] width = {0};
    for (int i = 1; i < vs.length; i++) {
      long read = readWidth(in, width);
      delta = dod ? delta + read : read;
      value += delta;
      vs[i] = (value << shift) / scale;
    }
  }

  /** Writes {@code value}; returns the current width afterwards. */
  private static int writeWidth(BitWriter out, long value, int width) {
    if (value == 0) {
      out.writeBit(false);
      return width;
    }
    long zigzag = (value << 1) ^ (value >> 63);
    int bits = 64 - Long.numberOfLeadingZeros(zigzag);
    if (bits <= width) {
      out.writeBits(0b10, 2);
      out.writeBits(zigzag, width);
      return width;
    }
    out.writeBits(0b11, 2);
    out.writeBits(bits - 1, 6);
    out.writeBits(zigzag, bits);
    return bits;
  }

  private static long readWidth(BitReader in, int[] width) {
    if (!in.readBit()) {
      return 0;
    }
    if (in.readBit()) {
      width[0] = (int) in.readBits(6) + 1;
    } else if (width[0] == 0) {
      throw new IllegalArgumentException("a value refers to a width before any was set");
    }
    long zigzag = in.readBits(width[0]);
    return (zigzag >>> 1) ^ -(zigzag & 1);
  }
}
