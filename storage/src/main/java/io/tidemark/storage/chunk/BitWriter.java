package io.tidemark.storage.chunk;

import java.util.Arrays;

/** Appends bits, most significant first, to a growing byte array. Not thread-safe. */
final class BitWriter {

  private byte[] bytes = new byte[64];
  private long bits; // bits written so far

  void writeBit(boolean bit) {
    ensure(1);
    if (bit) {
      bytes[(int) (bits >>> 3)] |= (byte) (0x80 >>> (bits & 7));
    }
    bits++;
  }

  /** Writes the low {@code count} bits of {@code value}, most significant first (count ≤ 64). */
  void writeBits(long value, int count) {
    ensure(count);
    for (int i = count - 1; i >= 0; i--) {
      if (((value >>> i) & 1) != 0) {
        bytes[(int) (bits >>> 3)] |= (byte) (0x80 >>> (bits & 7));
      }
      bits++;
    }
  }

  /** An unsigned LEB128 varint, byte-aligned or not. */
  void writeVarint(long value) {
    long v = value;
    while ((v & ~0x7FL) != 0) {
      writeBits((v & 0x7F) | 0x80, 8);
      v >>>= 7;
    }
    writeBits(v, 8);
  }

  void writeSignedVarint(long value) {
    writeVarint((value << 1) ^ (value >> 63)); // zig-zag
  }

  long bitCount() {
    return bits;
  }

  byte[] toByteArray() {
    return Arrays.copyOf(bytes, (int) ((bits + 7) >>> 3));
  }

  private void ensure(int more) {
    long needed = (bits + more + 7) >>> 3;
    if (needed > bytes.length) {
      bytes = Arrays.copyOf(bytes, (int) Math.max(needed, bytes.length * 2L));
    }
  }
}
