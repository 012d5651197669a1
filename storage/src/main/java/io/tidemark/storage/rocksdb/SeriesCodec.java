package io.tidemark.storage.rocksdb;

import io.tidemark.storage.CorruptValueException;
import io.tidemark.storage.SeriesKey;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * Layout {@code SeriesLabels/1}: a series' identity as bytes, and {@code SeriesId/1}: its number.
 *
 * <pre>
 * SeriesLabels --> String(metric), LabelCount(varint), (String(name), String(value))^LabelCount
 * String       --> Length(varint), UTF-8 bytes^Length
 * SeriesId     --> u64 BE, assigned 1, 2, 3, ... in order of first sight, never reused
 * </pre>
 *
 * <p>Labels are written sorted by name, so equal series have equal bytes. Because the metric name
 * is length-prefixed, the encoding of a metric name alone is a prefix of exactly that metric's
 * series. Both column families that use these layouts are described in {@link RocksDbStore}.
 */
final class SeriesCodec {

  static final String LABELS_LAYOUT = "SeriesLabels/1";
  static final String ID_LAYOUT = "SeriesId/1";

  private SeriesCodec() {}

  static byte[] encode(SeriesKey key) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(64);
    writeString(out, key.metric());
    writeVarint(out, key.labels().size());
    for (Map.Entry<String, String> label : key.labels().entrySet()) {
      writeString(out, label.getKey());
      writeString(out, label.getValue());
    }
    return out.toByteArray();
  }

  /** The prefix shared by every encoded series of {@code metric}. */
  static byte[] metricPrefix(String metric) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(32);
    writeString(out, metric);
    return out.toByteArray();
  }

  static SeriesKey decode(byte[] bytes, String keyForErrors) {
    try {
      ByteBuffer in = ByteBuffer.wrap(bytes);
      String metric = readString(in);
      int count = readVarint(in);
      TreeMap<String, String> labels = new TreeMap<>();
      for (int i = 0; i < count; i++) {
        labels.put(readString(in), readString(in));
      }
      if (in.hasRemaining()) {
        throw new IllegalArgumentException(in.remaining() + " trailing bytes");
      }
      return new SeriesKey(metric, labels);
    } catch (RuntimeException e) {
      throw new CorruptValueException(LABELS_LAYOUT, keyForErrors, String.valueOf(e.getMessage()));
    }
  }

  static byte[] encodeId(long id) {
    return ByteBuffer.allocate(Long.BYTES).putLong(id).array();
  }

  static long decodeId(byte[] bytes, String keyForErrors) {
    if (bytes.length != Long.BYTES) {
      throw new CorruptValueException(
          ID_LAYOUT, keyForErrors, "expected 8 bytes, found " + bytes.length);
    }
    return ByteBuffer.wrap(bytes).getLong();
  }

  static String printable(byte[] key) {
    return HexFormat.of().formatHex(key);
  }

  private static void writeString(ByteArrayOutputStream out, String value) {
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    writeVarint(out, utf8.length);
    out.writeBytes(utf8);
  }

  private static void writeVarint(ByteArrayOutputStream out, int value) {
    int v = value;
    while ((v & ~0x7F) != 0) {
      out.write((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    out.write(v);
  }

  private static String readString(ByteBuffer in) {
    int length = readVarint(in);
    if (length < 0 || length > in.remaining()) {
      throw new IllegalArgumentException("string length " + length + " past the end");
    }
    String value = new String(in.array(), in.position(), length, StandardCharsets.UTF_8);
    in.position(in.position() + length);
    return value;
  }

  private static int readVarint(ByteBuffer in) {
    int value = 0;
    for (int shift = 0; shift < 35; shift += 7) {
      byte b = in.get();
      value |= (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return value;
      }
    }
    throw new IllegalArgumentException("varint longer than 5 bytes");
  }
}
