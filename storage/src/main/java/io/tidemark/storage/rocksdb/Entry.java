package io.tidemark.storage.rocksdb;

import io.tidemark.storage.SeriesKey;
import io.tidemark.storage.SeriesRef;
import io.tidemark.storage.chunk.HeadChunk;
import io.tidemark.storage.rollup.Rollups;

/**
 * A known series and its open chunk (which it is: it extends {@link HeadChunk}, one object a
 * series): its key, its {@code SeriesId/1}, whether it is a counter, the journal sequence of its
 * open chunk's first sample, and the newest timestamp already in chunks.
 *
 * <p>Thread safety: the open chunk is changed only under the store's monitor (or, before the store
 * is published, by loading the head snapshot and replaying the journal), and then inside this
 * entry's own monitor (lock order: the store's monitor, then the entry's); its own methods take the
 * entry's monitor (the inherited {@link HeadChunk} methods do not: callers hold the monitor), so a
 * reader taking no store lock gets a consistent {@link #snapshot()}. {@link #n} and {@link
 * #lastFlushed} are volatile for readers that take no lock at all.
 *
 * <p>It is also the {@link SeriesRef} appends hand out: {@link #owner} is the {@link Head} that
 * holds it, and null once the series is forgotten, so a stale or foreign handle is recognised with
 * one comparison. {@link #owner} and {@link #stamp} are guarded by the store's monitor.
 */
final class Entry extends HeadChunk implements SeriesRef {
  final SeriesKey key;
  final long id;
  final boolean counter;

  /** The head holding this series; null once it is forgotten. */
  Head owner;

  /** The last append that touched this series ({@link Appender}'s own numbering). */
  int stamp;

  volatile int n;
  long firstSeq;
  volatile long lastFlushed = Long.MIN_VALUE;

  Entry(SeriesKey key, long id) {
    this.key = key;
    this.id = id;
    this.counter = Rollups.isCounter(key.metric());
  }

  @Override
  public SeriesKey key() {
    return key;
  }

  /** The newest timestamp of the series, open chunk or chunks, or MIN_VALUE. */
  synchronized long last() {
    return n > 0 ? lastTimestamp() : lastFlushed;
  }

  synchronized void append(long timestamp, double value, long seq) {
    if (n == 0) {
      firstSeq = seq;
    }
    append(timestamp, value);
    n = count();
  }

  /** Records that the open chunk's samples are all in the journal record {@code seq}. */
  synchronized void journalledAt(long seq) {
    firstSeq = seq;
  }

  synchronized void clearHead() {
    clear();
    n = 0;
  }

  /** A copy of the open chunk's samples. */
  synchronized Snapshot snapshot() {
    long[] ts = new long[n];
    double[] vs = new double[n];
    decode(ts, vs);
    return new Snapshot(ts, vs, n);
  }

  /** A copy of a series' open chunk: its {@code n} samples in time order. */
  record Snapshot(long[] ts, double[] vs, int n) {}
}
