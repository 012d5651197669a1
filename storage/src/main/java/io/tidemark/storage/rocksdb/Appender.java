package io.tidemark.storage.rocksdb;

import io.tidemark.storage.AppendResult;
import io.tidemark.storage.SeriesKey;
import io.tidemark.storage.SeriesSample;
import io.tidemark.storage.StorageException;
import io.tidemark.storage.chunk.Chunk;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * The write path: one append as one atomic {@code WriteBatch} holding a {@code JournalRecord/1}
 * with every accepted sample, any new series, the chunks the append completed and the new ingestion
 * count; only after the write do the samples and series become visible.
 *
 * <p>Contract: the order rule per series: a sample at the timestamp of the series' last one is a
 * duplicate, dropped silently; an older one, or one before the sealed or retained boundary, is
 * rejected and counted. A chunk is completed when it holds {@code chunkSamples} samples or the next
 * sample falls on another UTC day.
 *
 * <p>Thread safety: {@link #append} holds the store's monitor ({@code lock}, the {@link
 * RocksDbStore} itself, passed in) for the whole append, and inside it each touched {@link Entry}'s
 * monitor in turn (lock order: the store's monitor, then an entry's). {@link #writeChunk} is called
 * under the store's monitor.
 */
final class Appender {
  private final Object lock;
  private final Families families;
  private final Head head;
  private final Watermarks marks;
  private final int chunkSamples;

  Appender(Object lock, Families families, Head head, Watermarks marks, int chunkSamples) {
    this.lock = lock;
    this.families = families;
    this.head = head;
    this.marks = marks;
    this.chunkSamples = chunkSamples;
  }

  /** Appends {@code samples} under the store's monitor; see {@link RocksDbStore#append}. */
  AppendResult append(List<SeriesSample> samples) {
    synchronized (lock) {
      families.checkWritable();
      Map<SeriesKey, Entry> fresh = new HashMap<>();
      Map<Entry, Pending> pending = new LinkedHashMap<>();
      JournalCodec journal = new JournalCodec(samples.size());
      long seq = head.nextSeq;
      long acceptFrom = Math.max(marks.sealedBefore, marks.retainedFrom(Families.RAW));
      int duplicates = 0;
      int rejected = 0;
      try (WriteBatch batch = new WriteBatch()) {
        long next = head.nextId;
        for (SeriesSample sample : samples) {
          Entry entry = head.get(sample.series());
          if (entry == null) {
            entry = fresh.get(sample.series());
          }
          if (entry == null) {
            entry = new Entry(sample.series(), next++);
            fresh.put(entry.key, entry);
            byte[] labels = SeriesCodec.encode(entry.key);
            byte[] idBytes = SeriesCodec.encodeId(entry.id);
            batch.put(families.series, labels, idBytes);
            batch.put(families.seriesById, idBytes, labels);
          }
          Pending p = pending.computeIfAbsent(entry, Pending::new);
          long ts = sample.timestampMillis();
          if (ts == p.last) {
            duplicates++;
          } else if (ts < p.last || ts < acceptFrom) {
            rejected++;
          } else {
            p.add(ts, sample.value());
            journal.add(entry.id, ts, sample.value());
          }
        }
        int accepted = journal.count();
        if (accepted > 0) {
          batch.put(families.journal, Keys.sequence(seq), journal.finish());
        }
        for (Pending p : pending.values()) {
          p.plan(batch);
        }
        long total = marks.samplesIngested.get() + accepted;
        if (accepted > 0) {
          batch.put(
              families.meta, Families.metaKey(Families.META_INGESTED), SeriesCodec.encodeId(total));
        }
        if (batch.count() > 0) {
          families.db.write(families.writeOptions, batch);
        }
        // Only what is durable becomes visible.
        head.nextId = next;
        fresh.values().forEach(head::remember);
        for (Pending p : pending.values()) {
          p.commit(seq);
        }
        if (accepted > 0) {
          head.nextSeq = seq + 1;
        }
        marks.samplesIngested.set(total);
        marks.samplesRejected.addAndGet(rejected);
        return new AppendResult(accepted, duplicates, rejected);
      } catch (RocksDBException e) {
        throw new StorageException(
            "cannot write "
                + samples.size()
                + " samples to "
                + families.directory
                + ": "
                + e.getMessage(),
            e);
      }
    }
  }

  /** Puts one completed chunk of {@code entry} into {@code batch}; under the store's monitor. */
  void writeChunk(WriteBatch batch, Entry entry, long[] ts, double[] vs, int count)
      throws RocksDBException {
    Chunk chunk = Chunk.encode(ts, vs, count);
    int day = Keys.day(ts[0]);
    batch.put(families.chunks, Keys.chunk(day, entry.id, ts[0]), chunk.bytes());
    marks.holdsDay(day);
  }

  /** An append's new samples for one series, and the chunks they complete. */
  private final class Pending {
    final Entry entry;
    long last;
    long[] ts = new long[1];
    double[] vs = new double[1];
    int n;
    int tailStart;
    long flushedThrough = Long.MIN_VALUE;

    Pending(Entry entry) {
      this.entry = entry;
      this.last = entry.last();
    }

    void add(long timestamp, double value) {
      if (n == ts.length) {
        ts = Arrays.copyOf(ts, n * 2);
        vs = Arrays.copyOf(vs, n * 2);
      }
      ts[n] = timestamp;
      vs[n] = value;
      n++;
      last = timestamp;
    }

    /** Writes into {@code batch} every chunk these samples complete. */
    void plan(WriteBatch batch) throws RocksDBException {
      int headN = entry.n;
      boolean withHead = headN > 0;
      int open = headN;
      int day = withHead ? Keys.day(entry.head.firstTimestamp()) : 0;
      int start = 0;
      for (int i = 0; i < n; i++) {
        int d = Keys.day(ts[i]);
        if (open > 0 && (d != day || open >= chunkSamples)) {
          int size = (withHead ? headN : 0) + (i - start);
          long[] cts = new long[size];
          double[] cvs = new double[size];
          int k = 0;
          if (withHead) {
            entry.head.decode(cts, cvs);
            k = headN;
          }
          System.arraycopy(ts, start, cts, k, i - start);
          System.arraycopy(vs, start, cvs, k, i - start);
          writeChunk(batch, entry, cts, cvs, size);
          flushedThrough = cts[size - 1];
          withHead = false;
          start = i;
          open = 0;
        }
        if (open == 0) {
          day = d;
        }
        open++;
      }
      tailStart = start;
      if (flushedThrough != Long.MIN_VALUE) {
        batch.put(families.state, Keys.state(entry.id), Keys.stateValue(flushedThrough));
      }
    }

    void commit(long seq) {
      synchronized (entry) {
        if (flushedThrough != Long.MIN_VALUE) {
          entry.clearHead();
          entry.lastFlushed = flushedThrough;
        }
        for (int i = tailStart; i < n; i++) {
          entry.append(ts[i], vs[i], seq);
        }
      }
    }
  }
}
