package io.tidemark.storage.rocksdb;

import io.tidemark.storage.CorruptValueException;
import java.util.zip.CRC32C;

/**
 * Layout {@code JournalRecord/1}: the samples one append made durable, replayed into the head at
 * start-up until the chunks holding them are written.
 *
 * <pre>
 * JournalRecord --> Count(varint), Entry^Count, Crc32c(u32 BE, of every byte before it)
 * Entry         --> SeriesId(varint), TimeDelta(zig-zag varint, ms from the previous entry's
 *                   timestamp, the first from 0), Value(u64 BE, IEEE 754 bits)
 * </pre>
 */
final class JournalCodec {

  static final String LAYOUT = "JournalRecord/1";

  private final Bytes.Writer out;
  private int count;
  private long previous;

  JournalCodec(int expected) {
    out = new Bytes.Writer(expected * 12 + 16);
  }

  void add(long seriesId, long timestamp, double value) {
    out.varint(seriesId).zigzag(timestamp - previous).u64(Double.doubleToRawLongBits(value));
    previous = timestamp;
    count++;
  }

  int count() {
    return count;
  }

  byte[] finish() {
    Bytes.Writer record = new Bytes.Writer(out.size() + 10);
    record.varint(count);
    record.bytes(out.toArray());
    CRC32C crc = new CRC32C();
    crc.update(record.array(), 0, record.size());
    record.u32((int) crc.getValue());
    return record.toArray();
  }

  /** Receives the entries of a record. */
  interface Visitor {
    void entry(long seriesId, long timestamp, double value);
  }

  static void read(byte[] key, byte[] value, Visitor visitor) {
    try {
      if (value.length < 5) {
        throw new IllegalArgumentException("only " + value.length + " bytes");
      }
      CRC32C crc = new CRC32C();
      crc.update(value, 0, value.length - 4);
      Bytes.Reader tail = new Bytes.Reader(value, value.length - 4, 4);
      if ((int) crc.getValue() != tail.u32()) {
        throw new IllegalArgumentException("checksum mismatch");
      }
      Bytes.Reader in = new Bytes.Reader(value, 0, value.length - 4);
      int count = in.length(value.length);
      long ts = 0;
      for (int i = 0; i < count; i++) {
        long id = in.varint();
        ts += in.zigzag();
        visitor.entry(id, ts, Double.longBitsToDouble(in.u64()));
      }
      if (in.remaining() != 0) {
        throw new IllegalArgumentException(in.remaining() + " bytes after the last entry");
      }
    } catch (IllegalArgumentException e) {
      throw new CorruptValueException(LAYOUT, Keys.printable(key), e.getMessage());
    }
  }
}
