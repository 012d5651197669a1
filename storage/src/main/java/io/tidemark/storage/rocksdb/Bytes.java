package io.tidemark.storage.rocksdb;

import io.tidemark.storage.CorruptValueException;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * The wire primitives every layout of the store shares, each written once: a growable writer and a
 * bounds-checked reader of big-endian integers, LEB128 varints and zig-zag varints, and {@link
 * Layout}, a value layout's header and trailing checksum.
 *
 * <p>Thread safety: {@link Writer} and {@link Reader} are not thread-safe (each is used by one
 * codec call); {@link Layout} is immutable. No lock is taken.
 */
final class Bytes {

  private Bytes() {}

  /**
   * Zig-zag: small magnitudes of either sign become small unsigned numbers (0, -1, 1 -> 0, 1, 2).
   */
  static long zigzag(long v) {
    return (v << 1) ^ (v >> 63);
  }

  /** The inverse of {@link #zigzag}. */
  static long unzigzag(long v) {
    return (v >>> 1) ^ -(v & 1);
  }

  /**
   * A named, versioned value layout whose values start with a header and, when {@code checksummed},
   * end with a CRC-32C:
   *
   * <pre>
   * Value  --> Header, Body, [Crc32c(u32 BE, of every byte before it)]
   * Header --> Magic(u8), Version(u8)
   * </pre>
   *
   * <p>Reading checks the header first, then the checksum, so that a value of another layout or
   * version is reported as such rather than as a checksum mismatch. Every failure is a {@link
   * CorruptValueException} naming the layout, the key and what was found.
   *
   * @param name the layout's name and version, for example {@code JournalRecord/2}
   * @param magic the first byte of every value
   * @param version the second byte of every value
   * @param checksummed whether the value ends with a CRC-32C of every byte before it
   */
  record Layout(String name, int magic, int version, boolean checksummed) {

    /** A writer holding the header, ready for the body. */
    Writer writer(int bodyCapacity) {
      return new Writer(bodyCapacity + 6).u8(magic).u8(version);
    }

    /** The value: the writer's bytes, followed by their CRC-32C when checksummed. */
    byte[] finish(Writer out) {
      if (checksummed) {
        CRC32C crc = new CRC32C();
        crc.update(out.array(), 0, out.size());
        out.u32((int) crc.getValue());
      }
      return out.toArray();
    }

    /**
     * A reader over the body of {@code value}, after its header is checked and its checksum
     * verified.
     *
     * @throws CorruptValueException naming the layout, the key and what was found
     */
    Reader open(byte[] key, byte[] value) {
      int trailer = checksummed ? 4 : 0;
      if (value.length < 2 + trailer) {
        throw corrupt(key, "only " + value.length + " bytes");
      }
      int foundMagic = value[0] & 0xFF;
      int foundVersion = value[1] & 0xFF;
      if (foundMagic != magic || foundVersion != version) {
        throw corrupt(
            key,
            String.format(
                "expected magic 0x%02x version %d, found magic 0x%02x version %d",
                magic, version, foundMagic, foundVersion));
      }
      if (checksummed) {
        CRC32C crc = new CRC32C();
        crc.update(value, 0, value.length - 4);
        if ((int) crc.getValue() != new Reader(value, value.length - 4, 4).u32()) {
          throw corrupt(key, "checksum mismatch");
        }
      }
      return new Reader(value, 2, value.length - 2 - trailer);
    }

    /** The error for a value of this layout under {@code key} that does not decode. */
    CorruptValueException corrupt(byte[] key, String problem) {
      return new CorruptValueException(name, Keys.printable(key), problem);
    }
  }

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
      return varint(Bytes.zigzag(v));
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
      return unzigzag(varint());
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
