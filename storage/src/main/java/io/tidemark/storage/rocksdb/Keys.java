package io.tidemark.storage.rocksdb;

import io.tidemark.storage.CorruptValueException;
import java.nio.ByteBuffer;
import java.util.HexFormat;

/**
 * Key layouts of the partitioned column families. Days are partitions: {@code Day} is the number of
 * whole days since the epoch (UTC) of the data's time, stored as a 32-bit integer with the sign bit
 * flipped, so that unsigned byte order is time order and retention deletes one contiguous key
 * range.
 *
 * <pre>
 * ChunkKey/1   --> Day(u32), SeriesId(u64), FirstTimestamp(i64 ms, sign bit flipped)
 * RollupKey/1  --> Day(u32), SeriesId(u64)
 * JournalKey/1 --> Sequence(u64)
 * StateKey/1   --> SeriesId(u64)          (the state and head families)
 * </pre>
 *
 * <p>Stateless; takes no lock.
 */
final class Keys {

  static final long DAY_MILLIS = 86_400_000L;
  static final String CHUNK = "ChunkKey/1";
  static final String ROLLUP = "RollupKey/1";
  static final String JOURNAL = "JournalKey/1";
  static final String STATE = "StateKey/1";

  private Keys() {}

  /** The day of a time, clamped to the range a key holds (far beyond any real data). */
  static int day(long timestampMillis) {
    long day = Math.floorDiv(timestampMillis, DAY_MILLIS);
    return (int) Math.max(Integer.MIN_VALUE + 1, Math.min(Integer.MAX_VALUE - 1, day));
  }

  static long dayStart(int day) {
    return day * DAY_MILLIS;
  }

  static byte[] chunk(int day, long seriesId, long firstTimestamp) {
    return ByteBuffer.allocate(20)
        .putInt(day ^ Integer.MIN_VALUE)
        .putLong(seriesId)
        .putLong(firstTimestamp ^ Long.MIN_VALUE)
        .array();
  }

  static byte[] series(int day, long seriesId) {
    return ByteBuffer.allocate(12).putInt(day ^ Integer.MIN_VALUE).putLong(seriesId).array();
  }

  static byte[] dayPrefix(int day) {
    return ByteBuffer.allocate(4).putInt(day ^ Integer.MIN_VALUE).array();
  }

  static int dayOf(byte[] key, String layout) {
    check(key, layout);
    return ByteBuffer.wrap(key).getInt(0) ^ Integer.MIN_VALUE;
  }

  static long seriesOf(byte[] key, String layout) {
    check(key, layout);
    return ByteBuffer.wrap(key).getLong(4);
  }

  static boolean hasPrefix(byte[] key, byte[] prefix) {
    if (key.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (key[i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  static byte[] sequence(long seq) {
    return ByteBuffer.allocate(8).putLong(seq).array();
  }

  static long sequenceOf(byte[] key) {
    if (key.length != 8) {
      throw new CorruptValueException(JOURNAL, printable(key), "expected 8 key bytes");
    }
    return ByteBuffer.wrap(key).getLong();
  }

  static byte[] state(long seriesId) {
    return ByteBuffer.allocate(8).putLong(seriesId).array();
  }

  /** The series of a {@code StateKey/1}. */
  static long seriesOfState(byte[] key) {
    if (key.length != 8) {
      throw new CorruptValueException(
          STATE, printable(key), "expected 8 key bytes, found " + key.length);
    }
    return ByteBuffer.wrap(key).getLong();
  }

  static byte[] stateValue(long lastFlushed) {
    return ByteBuffer.allocate(8).putLong(lastFlushed).array();
  }

  static long stateValueOf(byte[] key, byte[] value) {
    if (key.length != 8 || value.length != 8) {
      throw new CorruptValueException(
          "SeriesState/1", printable(key), "expected 8 key and 8 value bytes");
    }
    return ByteBuffer.wrap(value).getLong();
  }

  static String printable(byte[] key) {
    return HexFormat.of().formatHex(key);
  }

  private static void check(byte[] key, String layout) {
    int expected = layout.equals(CHUNK) ? 20 : 12;
    if (key.length != expected) {
      throw new CorruptValueException(
          layout, printable(key), "expected " + expected + " key bytes, found " + key.length);
    }
  }
}
