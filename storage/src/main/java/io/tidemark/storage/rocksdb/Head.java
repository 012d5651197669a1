package io.tidemark.storage.rocksdb;

import io.tidemark.storage.SeriesIndex;
import io.tidemark.storage.SeriesKey;
import java.util.List;
import org.rocksdb.RocksIterator;

/**
 * The live series: every known series' {@link Entry} by key and by id, the label index over them,
 * the next series id and journal sequence, and the journal's first remaining sequence. At open it
 * loads the series dictionary ({@code SeriesLabels/1}, {@code SeriesState/1}) and, after {@link
 * HeadSnapshot#load} has restored the open chunks written at the last clean close, replays the
 * journal ({@code JournalRecord/2}) into the open chunks.
 *
 * <p>Contract: after {@link #load}, {@link HeadSnapshot#load} and {@link #replay}, each series'
 * open chunk holds exactly its snapshotted and journalled samples newer than its {@code
 * SeriesState/1}.
 *
 * <p>Thread safety: takes no lock of its own. The entry table ({@link EntryTable}: one writer,
 * readers without a lock) and the index are safe for readers that take no lock; {@link #remember}
 * and {@link #forget} are called under the store's monitor or before the store is published. {@link
 * #nextId}, {@link #nextSeq} and {@link #trimmedBefore} are guarded by the store's monitor: callers
 * hold it ({@link #load}, {@link #replay} and {@link HeadSnapshot}'s load and rejournal run before
 * the store is published; its write at close holds it). Entries are changed under their own monitor
 * (see {@link Entry}).
 */
final class Head {
  private final EntryTable entries = new EntryTable();
  final SeriesIndex index = new SeriesIndex();
  long nextId = 1;
  long nextSeq = 1;
  long trimmedBefore = 1;

  Entry get(SeriesKey series) {
    return entries.get(series);
  }

  Entry byId(long id) {
    return entries.get(id);
  }

  /** Every live series, in id order (a weakly consistent view). */
  Iterable<Entry> all() {
    return entries;
  }

  int size() {
    return entries.size();
  }

  /** Makes a series known to writers, readers and the index. */
  void remember(Entry entry) {
    entry.owner = this;
    entries.put(entry);
    index.add(entry.key);
  }

  /** Forgets series whose records were deleted. */
  void forget(List<Entry> gone) {
    for (Entry entry : gone) {
      entry.owner = null;
      entries.remove(entry);
    }
    index.removeAll(gone.stream().map(e -> e.key).toList());
  }

  /** The journal sequence of the oldest sample still only in an open chunk, or {@link #nextSeq}. */
  long oldestOpenSeq() {
    long oldest = nextSeq;
    for (Entry entry : entries) {
      if (entry.n > 0) {
        oldest = Math.min(oldest, entry.firstSeq);
      }
    }
    return oldest;
  }

  /** Loads the series dictionary and each series' newest flushed time. */
  void load(Families families) {
    long maxId = 0;
    try (RocksIterator it = families.db.newIterator(families.series)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        byte[] key = it.key();
        SeriesKey series = SeriesCodec.decode(key, "series:" + SeriesCodec.printable(key));
        long id = SeriesCodec.decodeId(it.value(), "series:" + series);
        remember(new Entry(series, id));
        maxId = Math.max(maxId, id);
      }
      families.checkIterator(it);
    }
    nextId = maxId + 1;
    try (RocksIterator it = families.db.newIterator(families.state)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        Entry entry = entries.get(Keys.seriesOfState(it.key()));
        if (entry != null) {
          entry.lastFlushed = Keys.stateValueOf(it.key(), it.value());
        }
      }
      families.checkIterator(it);
    }
  }

  /**
   * Replays the journal into the open chunks: the samples newer than each series' chunks and open
   * chunk, so that a sample both snapshotted and journalled is taken once.
   */
  void replay(Families families) {
    try (RocksIterator it = families.db.newIterator(families.journal)) {
      boolean first = true;
      for (it.seekToFirst(); it.isValid(); it.next()) {
        long seq = Keys.sequenceOf(it.key());
        if (first) {
          trimmedBefore = seq;
          first = false;
        }
        JournalCodec.read(
            it.key(),
            it.value(),
            (id, ts, value) -> {
              Entry entry = entries.get(id);
              if (entry != null && ts > entry.last()) {
                entry.append(ts, value, seq);
              }
            });
        nextSeq = seq + 1;
      }
      families.checkIterator(it);
      if (first) {
        trimmedBefore = nextSeq;
      }
    }
  }
}
