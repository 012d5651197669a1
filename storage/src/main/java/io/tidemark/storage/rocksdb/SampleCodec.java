package io.tidemark.storage.rocksdb;

import io.tidemark.storage.CorruptValueException;
import java.nio.ByteBuffer;

/**
 * Layout {@code RawSample/1}: one sample a key.
 *
 * <pre>
 * RawSampleKey   --> SeriesId(u64 BE), Timestamp(i64 BE with the sign bit flipped)
 * RawSampleValue --> Value(IEEE 754 binary64 bits, BE)
 * </pre>
 *
 * <p>Flipping the sign bit makes the unsigned byte order of keys the numeric order of timestamps,
 * negative ones included, so one series' samples are contiguous and sorted by time. Values are
 * stored bit for bit, NaN payloads included. RocksDB's block checksums guard these entries; the
 * compressed chunk layout that replaces this one carries its own checksum.
 */
final class SampleCodec {

  static final String LAYOUT = "RawSample/1";
  static final int KEY_BYTES = 16;

  private SampleCodec() {}

  static byte[] key(long seriesId, long timestampMillis) {
    return ByteBuffer.allocate(KEY_BYTES)
        .putLong(seriesId)
        .putLong(timestampMillis ^ Long.MIN_VALUE)
        .array();
  }

  static long seriesId(byte[] key) {
    checkKey(key);
    return ByteBuffer.wrap(key).getLong(0);
  }

  static long timestamp(byte[] key) {
    checkKey(key);
    return ByteBuffer.wrap(key).getLong(Long.BYTES) ^ Long.MIN_VALUE;
  }

  static byte[] value(double value) {
    return ByteBuffer.allocate(Double.BYTES).putLong(Double.doubleToRawLongBits(value)).array();
  }

  static double value(byte[] key, byte[] value) {
    if (value.length != Double.BYTES) {
      throw new CorruptValueException(
          LAYOUT, SeriesCodec.printable(key), "expected 8 value bytes, found " + value.length);
    }
    return Double.longBitsToDouble(ByteBuffer.wrap(value).getLong());
  }

  private static void checkKey(byte[] key) {
    if (key.length != KEY_BYTES) {
      throw new CorruptValueException(
          LAYOUT, SeriesCodec.printable(key), "expected 16 key bytes, found " + key.length);
    }
  }
}
