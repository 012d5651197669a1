package io.tidemark.storage.rocksdb;

import java.util.Arrays;

/** A growable byte buffer and a bounds-checked reader for the store's layouts. */
final class Bytes {

  private Bytes() {}

  /** Appends big-endian integers and LEB128 varints. */
  static final class Writer {
    private byte[] buf;
    private int size;

    Writer(int capacity) {
      buf = new byte[Math.max(16, capacity)];
    }

    private void ensure(int more) {
      if (size + more > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
      }
    }

    Writer u8(int v) {
      ensure(1);
      buf[size++] = (byte) v;
      return this;
    }

    Writer u32(int v) {
      ensure(4);
      for (int shift = 24; shift >= 0; shift -= 8) {
        buf[size++] = (byte) (v >>> shift);
      }
      return this;
    }

    Writer u64(long v) {
      ensure(8);
      for (int shift = 56; shift >= 0; shift -= 8) {
        buf[size++] = (byte) (v >>> shift);
      }
      return this;
    }

    Writer varint(long v) {
      ensure(10);
      while ((v & ~0x7FL) != 0) {
        buf[size++] = (byte) ((v & 0x7F) | 0x80);
        v >>>= 7;
      }
      buf[size++] = (byte) v;
      return this;
    }

    Writer zigzag(long v) {
      return varint((v << 1) ^ (v >> 63));
    }

    Writer bytes(byte[] b) {
      ensure(b.length);
      System.arraycopy(b, 0, buf, size, b.length);
      size += b.length;
      return this;
    }

    int size() {
      return size;
    }

    byte[] array() {
      return buf;
    }

    byte[] toArray() {
      return Arrays.copyOf(buf, size);
    }
  }

  /** Reads what {@link Writer} wrote; throws {@link IllegalArgumentException} past the end. */
  static final class Reader {
    private final byte[] buf;
    private int pos;
    private final int end;

    Reader(byte[] buf, int offset, int length) {
      this.buf = buf;
      this.pos = offset;
      this.end = offset + length;
    }

    private void need(int n) {
      if (n < 0 || end - pos < n) {
        throw new IllegalArgumentException("truncated at byte " + pos);
      }
    }

    int u8() {
      need(1);
      return buf[pos++] & 0xFF;
    }

    int u32() {
      need(4);
      int v = 0;
      for (int i = 0; i < 4; i++) {
        v = (v << 8) | (buf[pos++] & 0xFF);
      }
      return v;
    }

    long u64() {
      need(8);
      long v = 0;
      for (int i = 0; i < 8; i++) {
        v = (v << 8) | (buf[pos++] & 0xFF);
      }
      return v;
    }

    long varint() {
      long v = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        int b = u8();
        v |= (long) (b & 0x7F) << shift;
        if ((b & 0x80) == 0) {
          return v;
        }
      }
      throw new IllegalArgumentException("varint longer than 10 bytes at byte " + pos);
    }

    int length(int max) {
      long v = varint();
      if (v < 0 || v > max) {
        throw new IllegalArgumentException("length " + v + " out of range at byte " + pos);
      }
      return (int) v;
    }

    long zigzag() {
      long v = varint();
      return (v >>> 1) ^ -(v & 1);
    }

    byte[] bytes(int n) {
      need(n);
      byte[] out = Arrays.copyOfRange(buf, pos, pos + n);
      pos += n;
      return out;
    }

    int position() {
      return pos;
    }

    int remaining() {
      return end - pos;
    }
  }
}
