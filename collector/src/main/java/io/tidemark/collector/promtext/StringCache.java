package io.tidemark.collector.promtext;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Strings for byte ranges, created once and then found again by content: the names and label values
 * of a kubelet's payload repeat from line to line and from scrape to scrape.
 *
 * <p>Open addressing on a power-of-two table; when it fills up it is cleared rather than grown, so
 * its memory stays bounded whatever the input. Not thread-safe: one per parser.
 */
final class StringCache {

  private static final int CAPACITY = 1 << 14;
  private static final int MAX_CACHED_LENGTH = 256;

  private final byte[][] keys = new byte[CAPACITY][];
  private final String[] values = new String[CAPACITY];
  private int size;

  /** The string of {@code buf[from, to)}, which must be valid UTF-8. */
  String get(byte[] buf, int from, int to) {
    int length = to - from;
    if (length > MAX_CACHED_LENGTH) {
      return new String(buf, from, length, StandardCharsets.UTF_8);
    }
    int hash = 1;
    for (int i = from; i < to; i++) {
      hash = 31 * hash + buf[i];
    }
    hash ^= hash >>> 16;
    int mask = CAPACITY - 1;
    for (int slot = hash & mask; ; slot = (slot + 1) & mask) {
      byte[] key = keys[slot];
      if (key == null) {
        if (size >= CAPACITY / 2) {
          Arrays.fill(keys, null);
          Arrays.fill(values, null);
          size = 0;
          slot = hash & mask;
        }
        String value = new String(buf, from, length, StandardCharsets.UTF_8);
        keys[slot] = Arrays.copyOfRange(buf, from, to);
        values[slot] = value;
        size++;
        return value;
      }
      if (key.length == length && Arrays.equals(key, 0, length, buf, from, to)) {
        return values[slot];
      }
    }
  }
}
