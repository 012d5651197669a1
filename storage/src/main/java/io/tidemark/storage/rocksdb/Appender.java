package io.tidemark.storage.rocksdb;

import io.tidemark.storage.AppendResult;
import io.tidemark.storage.SampleBatch;
import io.tidemark.storage.SeriesKey;
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
 * <p>Each sample's series is found by the handle it was added with when that is one of this head's
 * live entries (one comparison), else by its key. A batch in which every series has one sample (a
 * scrape) is planned in place, allocating nothing per sample; one in which a series repeats (an
 * import) is grouped by series first.
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

  private static final byte SKIP = 0;
  private static final byte APPEND = 1;
  private static final byte SEAL_THEN_APPEND = 2;

  // Scratch of one append, guarded by the store's monitor: each sample's series and what to do.
  private Entry[] entries = new Entry[256];
  private byte[] kinds = new byte[256];
  private int stamp;

  Appender(Object lock, Families families, Head head, Watermarks marks, int chunkSamples) {
    this.lock = lock;
    this.families = families;
    this.head = head;
    this.marks = marks;
    this.chunkSamples = chunkSamples;
  }

  /** Appends {@code batch} under the store's monitor; see {@link RocksDbStore#append}. */
  AppendResult append(SampleBatch batch) {
    synchronized (lock) {
      families.checkWritable();
      int size = batch.size();
      if (entries.length < size) {
        entries = new Entry[Math.max(size, entries.length * 2)];
        kinds = new byte[entries.length];
      }
      int epoch = ++stamp;
      Map<SeriesKey, Entry> fresh = null;
      boolean repeated = false;
      try (WriteBatch write = new WriteBatch()) {
        long next = head.nextId;
        for (int i = 0; i < size; i++) {
          Entry entry = null;
          if (batch.ref(i) instanceof Entry known && known.owner == head) {
            entry = known;
          } else {
            SeriesKey key = batch.key(i);
            entry = head.get(key);
            if (entry == null) {
              if (fresh == null) {
                fresh = new HashMap<>();
              }
              entry = fresh.get(key);
            }
            if (entry == null) {
              entry = new Entry(key, next++);
              fresh.put(key, entry);
              byte[] labels = SeriesCodec.encode(key);
              byte[] idBytes = SeriesCodec.encodeId(entry.id);
              write.put(families.series, labels, idBytes);
              write.put(families.seriesById, idBytes, labels);
            }
          }
          if (entry.stamp == epoch) {
            repeated = true;
          }
          entry.stamp = epoch;
          entries[i] = entry;
        }
        long seq = head.nextSeq;
        Outcome outcome = repeated ? planGrouped(batch, write) : planSingle(batch, write);
        int accepted = outcome.journal.count();
        if (accepted > 0) {
          write.put(families.journal, Keys.sequence(seq), outcome.journal.finish());
        }
        long total = marks.samplesIngested.get() + accepted;
        if (accepted > 0) {
          write.put(
              families.meta, Families.metaKey(Families.META_INGESTED), SeriesCodec.encodeId(total));
        }
        if (write.count() > 0) {
          families.db.write(families.writeOptions, write);
        }
        // Only what is durable becomes visible.
        head.nextId = next;
        if (fresh != null) {
          fresh.values().forEach(head::remember);
        }
        if (repeated) {
          for (Pending p : outcome.pending) {
            p.commit(seq);
          }
        } else {
          commitSingle(batch, seq);
        }
        if (accepted > 0) {
          head.nextSeq = seq + 1;
        }
        for (int i = 0; i < size; i++) {
          batch.resolved(i, entries[i]);
          entries[i] = null;
        }
        marks.samplesIngested.set(total);
        marks.samplesRejected.addAndGet(outcome.rejected);
        return new AppendResult(accepted, outcome.duplicates, outcome.rejected);
      } catch (RocksDBException e) {
        Arrays.fill(entries, 0, size, null);
        throw new StorageException(
            "cannot write " + size + " samples to " + families.directory + ": " + e.getMessage(),
            e);
      }
    }
  }

  /** What planning an append found: its journal record, its counts, and any grouped samples. */
  private record Outcome(
      JournalCodec journal, int duplicates, int rejected, List<Pending> pending) {}

  /**
   * Plans an append in which every series has one sample (a scrape): no grouping, nothing allocated
   * per sample. Sets {@link #kinds}: what {@link #commitSingle} does with each sample.
   */
  private Outcome planSingle(SampleBatch batch, WriteBatch write) throws RocksDBException {
    int size = batch.size();
    JournalCodec journal = new JournalCodec(size);
    long acceptFrom = Math.max(marks.sealedBefore, marks.retainedFrom(Families.RAW));
    int duplicates = 0;
    int rejected = 0;
    for (int i = 0; i < size; i++) {
      Entry entry = entries[i];
      long ts = batch.timestamp(i);
      long last = entry.last();
      if (ts == last) {
        duplicates++;
        kinds[i] = SKIP;
      } else if (ts < last || ts < acceptFrom) {
        rejected++;
        kinds[i] = SKIP;
      } else {
        journal.add(entry.id, ts, batch.value(i));
        int n = entry.n;
        if (n > 0 && (n >= chunkSamples || Keys.day(ts) != Keys.day(entry.firstTimestamp()))) {
          Entry.Snapshot open = entry.snapshot();
          writeChunk(write, entry, open.ts(), open.vs(), open.n());
          write.put(families.state, Keys.state(entry.id), Keys.stateValue(open.ts()[n - 1]));
          kinds[i] = SEAL_THEN_APPEND;
        } else {
          kinds[i] = APPEND;
        }
      }
    }
    return new Outcome(journal, duplicates, rejected, List.of());
  }

  /** Makes the samples {@link #planSingle} accepted visible, once they are durable. */
  private void commitSingle(SampleBatch batch, long seq) {
    for (int i = 0; i < batch.size(); i++) {
      byte kind = kinds[i];
      if (kind == SKIP) {
        continue;
      }
      Entry entry = entries[i];
      synchronized (entry) {
        if (kind == SEAL_THEN_APPEND) {
          long sealedThrough = entry.lastTimestamp();
          entry.clearHead();
          entry.lastFlushed = sealedThrough;
        }
        entry.append(batch.timestamp(i), batch.value(i), seq);
      }
    }
  }

  /** Plans an append in which a series may have several samples (an import), grouped by series. */
  private Outcome planGrouped(SampleBatch batch, WriteBatch write) throws RocksDBException {
    Map<Entry, Pending> pending = new LinkedHashMap<>();
    JournalCodec journal = new JournalCodec(batch.size());
    long acceptFrom = Math.max(marks.sealedBefore, marks.retainedFrom(Families.RAW));
    int duplicates = 0;
    int rejected = 0;
    for (int i = 0; i < batch.size(); i++) {
      Entry entry = entries[i];
      Pending p = pending.computeIfAbsent(entry, Pending::new);
      long ts = batch.timestamp(i);
      if (ts == p.last) {
        duplicates++;
      } else if (ts < p.last || ts < acceptFrom) {
        rejected++;
      } else {
        p.add(ts, batch.value(i));
        journal.add(entry.id, ts, batch.value(i));
      }
    }
    for (Pending p : pending.values()) {
      p.plan(write);
    }
    return new Outcome(journal, duplicates, rejected, List.copyOf(pending.values()));
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
      int day = withHead ? Keys.day(entry.firstTimestamp()) : 0;
      int start = 0;
      for (int i = 0; i < n; i++) {
        int d = Keys.day(ts[i]);
        if (open > 0 && (d != day || open >= chunkSamples)) {
          int size = (withHead ? headN : 0) + (i - start);
          long[] cts = new long[size];
          double[] cvs = new double[size];
          int k = 0;
          if (withHead) {
            entry.decode(cts, cvs);
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
