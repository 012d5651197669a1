package io.tidemark.storage;

import java.util.Arrays;
import java.util.Objects;

/**
 * The samples of one append, in columns: each sample's series (a {@link SeriesKey}, or a {@link
 * SeriesRef} an earlier append gave), timestamp and value. Reusable: {@link #clear} keeps the
 * arrays, so a scrape of known series allocates nothing per sample.
 *
 * <p>After {@link TimeSeriesStore#append(SampleBatch)} returns, {@link #ref(int)} gives the store's
 * handle on each sample's series, to pass instead of the key next time.
 *
 * <p>Not thread-safe.
 */
public final class SampleBatch {

  private SeriesKey[] keys;
  private SeriesRef[] refs;
  private long[] timestamps;
  private double[] values;
  private int size;

  /** An empty batch with room for {@code capacity} samples before it grows. */
  public SampleBatch(int capacity) {
    int n = Math.max(1, capacity);
    keys = new SeriesKey[n];
    refs = new SeriesRef[n];
    timestamps = new long[n];
    values = new double[n];
  }

  /** Adds a sample of the series {@code key}. */
  public void add(SeriesKey key, long timestampMillis, double value) {
    Objects.requireNonNull(key, "key");
    int i = next();
    keys[i] = key;
    refs[i] = null;
    timestamps[i] = timestampMillis;
    values[i] = value;
  }

  /** Adds a sample of the series {@code ref} stands for. */
  public void add(SeriesRef ref, long timestampMillis, double value) {
    Objects.requireNonNull(ref, "ref");
    int i = next();
    keys[i] = null;
    refs[i] = ref;
    timestamps[i] = timestampMillis;
    values[i] = value;
  }

  private int next() {
    if (size == timestamps.length) {
      int n = size * 2;
      keys = Arrays.copyOf(keys, n);
      refs = Arrays.copyOf(refs, n);
      timestamps = Arrays.copyOf(timestamps, n);
      values = Arrays.copyOf(values, n);
    }
    return size++;
  }

  /** How many samples it holds. */
  public int size() {
    return size;
  }

  /** The series of sample {@code i}. */
  public SeriesKey key(int i) {
    check(i);
    return keys[i] != null ? keys[i] : refs[i].key();
  }

  /**
   * The handle of sample {@code i}'s series: the one it was added with, or after an append the
   * store's (then never null for a sample the store accepted, dropped or rejected).
   */
  public SeriesRef ref(int i) {
    check(i);
    return refs[i];
  }

  /** The timestamp of sample {@code i}, ms since the epoch. */
  public long timestamp(int i) {
    check(i);
    return timestamps[i];
  }

  /** The value of sample {@code i}. */
  public double value(int i) {
    check(i);
    return values[i];
  }

  /** Drops the samples from {@code newSize} on (those a failed payload added). */
  public void truncate(int newSize) {
    if (newSize < 0 || newSize > size) {
      throw new IndexOutOfBoundsException("size " + newSize + " of " + size);
    }
    Arrays.fill(keys, newSize, size, null);
    Arrays.fill(refs, newSize, size, null);
    size = newSize;
  }

  /** Empties the batch, keeping its arrays. */
  public void clear() {
    truncate(0);
  }

  /** Sets the store's handle of sample {@code i}; for the store. */
  public void resolved(int i, SeriesRef ref) {
    check(i);
    refs[i] = ref;
  }

  /**
   * The key sample {@code i} was added with, or null when it was added by handle; for the store.
   */
  public SeriesKey addedKey(int i) {
    check(i);
    return keys[i];
  }

  private void check(int i) {
    if (i < 0 || i >= size) {
      throw new IndexOutOfBoundsException("sample " + i + " of " + size);
    }
  }
}
