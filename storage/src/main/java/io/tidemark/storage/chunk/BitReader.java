package io.tidemark.storage.chunk;

/** Reads what {@link BitWriter} wrote; reading past the end throws. Not thread-safe. */
final class BitReader {

  private final byte[] bytes;
  private final long limit; // in bits
  private long position;

  BitReader(byte[] bytes, int offset, int length) {
    this.bytes = bytes;
    this.position = (long) offset << 3;
    this.limit = (long) (offset + length) << 3;
  }

  boolean readBit() {
    if (position >= limit) {
      throw new IndexOutOfBoundsException("read past the end of the chunk");
    }
    boolean bit = (bytes[(int) (position >>> 3)] & (0x80 >>> (position & 7))) != 0;
    position++;
    return bit;
  }

  long readBits(int count) {
    if (position + count > limit) {
      throw new IndexOutOfBoundsException("read past the end of the chunk");
    }
    long value = 0;
    for (int i = 0; i < count; i++) {
      value = (value << 1) | ((bytes[(int) (position >>> 3)] >>> (7 - (position & 7))) & 1);
      position++;
    }
    return value;
  }

  long readVarint() {
    long value = 0;
    for (int shift = 0; shift < 70; shift += 7) {
      long b = readBits(8);
      value |= (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return value;
      }
    }
    throw new IllegalStateException("varint longer than 10 bytes");
  }

  long readSignedVarint() {
    long v = readVarint();
    return (v >>> 1) ^ -(v & 1);
  }
}
