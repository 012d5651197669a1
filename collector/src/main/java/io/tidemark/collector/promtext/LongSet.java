package io.tidemark.collector.promtext;

import java.util.Arrays;

/** A set of longs by open addressing, cleared between payloads; grows as needed. */
final class LongSet {

  private static final long EMPTY = 0;

  private long[] slots = new long[1024];
  private boolean hasZero;
  private int size;

  /** Adds {@code value}; false when it was already there. */
  boolean add(long value) {
    if (value == EMPTY) {
      boolean added = !hasZero;
      hasZero = true;
      return added;
    }
    if (size * 2 >= slots.length) {
      grow();
    }
    int mask = slots.length - 1;
    for (int i = (int) (value ^ (value >>> 32)) & mask; ; i = (i + 1) & mask) {
      if (slots[i] == EMPTY) {
        slots[i] = value;
        size++;
        return true;
      }
      if (slots[i] == value) {
        return false;
      }
    }
  }

  void clear() {
    if (size > 0) {
      Arrays.fill(slots, EMPTY);
    }
    size = 0;
    hasZero = false;
  }

  private void grow() {
    long[] old = slots;
    slots = new long[old.length * 2];
    size = 0;
    for (long v : old) {
      if (v != EMPTY) {
        add(v);
      }
    }
  }
}
