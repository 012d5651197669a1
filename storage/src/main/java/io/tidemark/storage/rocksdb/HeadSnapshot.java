package io.tidemark.storage.rocksdb;

import io.tidemark.storage.chunk.Chunk;
import java.util.ArrayList;
import java.util.List;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The head written down at a clean close and taken back at open, so that a stopped store holds its
 * open chunks compressed, one record a series, instead of a journal and a write-ahead log.
 *
 * <p>Layout {@code HeadSnapshot/1}, in the {@code head} family under {@code StateKey/1}:
 *
 * <pre>
 * HeadSnapshot --> Magic(u8 = 0xE7), Version(u8 = 1), Chunk/1 (the rest of the value: the
 *                  series' open chunk; its own Crc32c covers it)
 * </pre>
 *
 * <p>Close ({@link #write}): every open chunk becomes a record, in batches of {@value
 * #BATCH_SERIES} series; the last batch also range-deletes the whole journal. Then every memtable
 * is flushed, so the write-ahead log is obsolete and deleted, and the journal family is compacted,
 * so its deleted records leave the disk. Open ({@link #load}, then {@code Head.replay}, then {@link
 * #rejournal} unless read-only): each record's samples newer than the series' chunks become its
 * open chunk, the journal is replayed on top (only samples newer than a series' last), and the
 * restored open chunks are written back as journal records, each batch deleting the snapshot
 * records it replaces, so that while the store runs the journal alone covers the head, as before.
 *
 * <p>Crash safety: at every instant the snapshot records and the journal together hold every sample
 * of the head. During a close, the journal is deleted only in the write that stores the last
 * snapshot records; during an open, a series' snapshot record is deleted only in the write that
 * journals its samples. A sample in both is harmless: replay takes only samples newer than what a
 * series already holds, and snapshot records are read first.
 *
 * <p>Thread safety: {@link #write} and {@link #rejournal} are called under the store's monitor (or
 * before the store is published) and take each entry's monitor in turn (lock order: the store's
 * monitor, then an entry's). {@link #write} copies and encodes the open chunks in the common
 * fork-join pool while it holds the store's monitor: those threads take only entry monitors, one at
 * a time, and never the store's. {@link #load} runs before the store is published.
 */
final class HeadSnapshot {
  // The store's logger, so log configuration keeps naming one class.
  private static final Logger LOG = LoggerFactory.getLogger(RocksDbStore.class);

  static final Bytes.Layout LAYOUT = new Bytes.Layout("HeadSnapshot/1", 0xE7, 1, false);

  /** Series per write at close and at open. */
  static final int BATCH_SERIES = 4096;

  /** Samples per journal record written at open. */
  static final int BATCH_SAMPLES = 1 << 16;

  private final Families families;
  private final Head head;
  private final List<Long> loaded = new ArrayList<>();

  HeadSnapshot(Families families, Head head) {
    this.families = families;
    this.head = head;
  }

  static byte[] encode(Entry.Snapshot open) {
    byte[] chunk = Chunk.encode(open.ts(), open.vs(), open.n()).bytes();
    return LAYOUT.finish(LAYOUT.writer(chunk.length).bytes(chunk));
  }

  /**
   * The open chunk stored under {@code key}.
   *
   * @throws io.tidemark.storage.CorruptValueException naming {@code HeadSnapshot/1} (or {@code
   *     Chunk/1}) and the key when the value does not decode
   */
  static Chunk decode(byte[] key, byte[] value) {
    Bytes.Reader in = LAYOUT.open(key, value);
    return Chunk.decode(in.bytes(in.remaining()), "head:" + Keys.printable(key));
  }

  /**
   * Writes every open chunk as a record, deletes the journal in the write that holds the last ones,
   * flushes every memtable and compacts the journal away. Under the store's monitor, at close.
   */
  void write() throws RocksDBException {
    List<Entry> open = new ArrayList<>();
    for (Entry entry : head.all()) {
      if (entry.n > 0) {
        open.add(entry);
      }
    }
    try (WriteBatch batch = new WriteBatch()) {
      for (int from = 0; from < open.size(); from += BATCH_SERIES) {
        List<Entry> part = open.subList(from, Math.min(open.size(), from + BATCH_SERIES));
        // Encoding every open chunk at once is most of a close's time: it runs on every core.
        List<byte[]> values = part.parallelStream().map(e -> encode(e.snapshot())).toList();
        for (int i = 0; i < part.size(); i++) {
          batch.put(families.head, Keys.state(part.get(i).id), values.get(i));
        }
        if (from + BATCH_SERIES < open.size()) {
          families.db.write(families.writeOptions, batch);
          batch.clear();
        }
      }
      if (head.nextSeq > head.trimmedBefore) {
        batch.deleteRange(
            families.journal, Keys.sequence(head.trimmedBefore), Keys.sequence(head.nextSeq));
      }
      if (batch.count() > 0) {
        families.db.write(families.writeOptions, batch);
      }
      head.trimmedBefore = head.nextSeq;
    }
    families.flushMemtables();
    families.db.compactRange(families.journal);
  }

  /**
   * Loads every record into its series' open chunk: the samples newer than the series' chunks.
   * Records of series no longer known are skipped and counted. Before {@code Head.replay}.
   */
  void load() {
    int unknown = 0;
    try (RocksIterator it = families.db.newIterator(families.head)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        byte[] key = it.key();
        long id = Keys.seriesOfState(key);
        loaded.add(id);
        Entry entry = head.byId(id);
        if (entry == null) {
          unknown++;
          continue;
        }
        Chunk chunk = decode(key, it.value());
        for (int i = 0; i < chunk.count(); i++) {
          long ts = chunk.timestamp(i);
          if (ts > entry.last()) {
            entry.append(ts, chunk.value(i), 0); // the journal sequence is set by rejournal
          }
        }
      }
      families.checkIterator(it);
    }
    if (unknown > 0) {
      LOG.warn(
          "skipped the open chunks of {} series no longer known at {}",
          unknown,
          families.directory);
    }
  }

  /**
   * Writes the open chunks of the series {@link #load} restored as journal records, each in the
   * write that deletes their snapshot records, and records each series' journal sequence. After
   * {@code Head.replay}, before the store is published.
   */
  void rejournal() throws RocksDBException {
    if (loaded.isEmpty()) {
      return;
    }
    List<Entry> journalled = new ArrayList<>();
    JournalCodec journal = new JournalCodec(BATCH_SAMPLES);
    WriteBatch batch = new WriteBatch();
    try {
      for (long id : loaded) {
        batch.delete(families.head, Keys.state(id));
        Entry entry = head.byId(id);
        if (entry != null && entry.n > 0) {
          Entry.Snapshot open = entry.snapshot();
          for (int i = 0; i < open.n(); i++) {
            journal.add(id, open.ts()[i], open.vs()[i]);
          }
          journalled.add(entry);
        }
        if (journalled.size() >= BATCH_SERIES || journal.count() >= BATCH_SAMPLES) {
          commit(batch, journal, journalled);
          batch.clear();
          journal = new JournalCodec(BATCH_SAMPLES);
          journalled.clear();
        }
      }
      commit(batch, journal, journalled);
    } finally {
      batch.close();
    }
    loaded.clear();
    // The records just deleted and their tombstones leave the disk now, not at some later
    // compaction.
    families.db.compactRange(families.head);
  }

  private void commit(WriteBatch batch, JournalCodec journal, List<Entry> journalled)
      throws RocksDBException {
    long seq = head.nextSeq;
    if (journal.count() > 0) {
      batch.put(families.journal, Keys.sequence(seq), journal.finish());
    }
    if (batch.count() == 0) {
      return;
    }
    families.db.write(families.writeOptions, batch);
    if (journal.count() > 0) {
      for (Entry entry : journalled) {
        entry.journalledAt(seq);
      }
      head.nextSeq = seq + 1;
    }
  }
}
