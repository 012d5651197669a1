package io.tidemark.storage.chunk;

import java.util.Arrays;

/**
 * A series' open chunk in memory, compressed as samples arrive, so the head costs about half of
 * what two arrays of {@code long} and {@code double} would (8 to 10 bytes a kubelet sample instead
 * of 16, plus growth slack).
 *
 * <p>In-memory only: its bytes are never stored or sent, so the layout may change freely. A sealed
 * chunk is re-encoded as {@link Chunk} from {@link #decode}.
 *
 * <pre>
 * first sample  --> timestamp and value bits in fields, nothing in the buffer
 * later samples --> DoD(zig-zag varint, ms) Value
 * Value         --> 0x00 (same bits as the previous value) |
 *                   Control(1 | Lead(3) | Trail(3), 1 byte) Meaningful(8 - Lead - Trail bytes)
 * </pre>
 *
 * where {@code Lead} and {@code Trail} are the whole zero bytes at either end of the value's bits
 * XOR the previous value's, and {@code Meaningful} the bytes between them, low byte first.
 *
 * <p>Open to extension so that the store's per-series entry can be its own open chunk, one object a
 * series instead of two (an object header and a reference saved on hundreds of thousands of
 * series).
 *
 * <p>Not thread-safe: the caller synchronises.
 */
public class HeadChunk {

  private static final byte[] EMPTY = new byte[0];

  private byte[] buf = EMPTY;
  private int len;
  private int count;
  private long firstTimestamp;
  private long firstBits;
  private long lastTimestamp;
  private long lastDelta;
  private long lastBits;

  /** How many samples it holds. */
  public int count() {
    return count;
  }

  /** The oldest timestamp; undefined when empty. */
  public long firstTimestamp() {
    return firstTimestamp;
  }

  /** The newest timestamp; undefined when empty. */
  public long lastTimestamp() {
    return lastTimestamp;
  }

  /** Bytes of the compressed buffer in use (not counting the first sample's fields). */
  public int bytes() {
    return len;
  }

  /**
   * Appends a sample newer than the last.
   *
   * @throws IllegalArgumentException when {@code timestamp} is not after the last one
   */
  public void append(long timestamp, double value) {
    long bits = Double.doubleToRawLongBits(value);
    if (count == 0) {
      firstTimestamp = timestamp;
      firstBits = bits;
      lastTimestamp = timestamp;
      lastDelta = 0;
      lastBits = bits;
      count = 1;
      return;
    }
    if (timestamp <= lastTimestamp) {
      throw new IllegalArgumentException(
          "timestamps must strictly increase: " + lastTimestamp + " then " + timestamp);
    }
    ensure(10 + 9);
    long delta = timestamp - lastTimestamp;
    long dod = delta - lastDelta;
    writeVarint((dod << 1) ^ (dod >> 63));
    long xor = bits ^ lastBits;
    if (xor == 0) {
      buf[len++] = 0;
    } else {
      int lead = Long.numberOfLeadingZeros(xor) >>> 3;
      int trail = Long.numberOfTrailingZeros(xor) >>> 3;
      buf[len++] = (byte) (0x80 | lead << 3 | trail);
      long meaningful = xor >>> (trail << 3);
      for (int i = 8 - lead - trail; i > 0; i--) {
        buf[len++] = (byte) meaningful;
        meaningful >>>= 8;
      }
    }
    lastTimestamp = timestamp;
    lastDelta = delta;
    lastBits = bits;
    count++;
  }

  /** Decodes every sample into the start of {@code timestamps} and {@code values}. */
  public void decode(long[] timestamps, double[] values) {
    if (count == 0) {
      return;
    }
    long ts = firstTimestamp;
    long delta = 0;
    long bits = firstBits;
    timestamps[0] = ts;
    values[0] = Double.longBitsToDouble(bits);
    int pos = 0;
    for (int i = 1; i < count; i++) {
      long raw = 0;
      int shift = 0;
      byte b;
      do {
        b = buf[pos++];
        raw |= (long) (b & 0x7F) << shift;
        shift += 7;
      } while (b < 0);
      delta += (raw >>> 1) ^ -(raw & 1);
      ts += delta;
      int control = buf[pos++] & 0xFF;
      if (control != 0) {
        int lead = (control >>> 3) & 7;
        int trail = control & 7;
        long meaningful = 0;
        int n = 8 - lead - trail;
        for (int k = 0; k < n; k++) {
          meaningful |= (buf[pos++] & 0xFFL) << (k << 3);
        }
        bits ^= meaningful << (trail << 3);
      }
      timestamps[i] = ts;
      values[i] = Double.longBitsToDouble(bits);
    }
  }

  /** Empties it and gives back its buffer. */
  public void clear() {
    buf = EMPTY;
    len = 0;
    count = 0;
  }

  private void ensure(int more) {
    if (len + more > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(32, Math.max(len + more, buf.length + (buf.length >> 1))));
    }
  }

  private void writeVarint(long v) {
    while ((v & ~0x7FL) != 0) {
      buf[len++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    buf[len++] = (byte) v;
  }
}
