package io.tidemark.storage.rocksdb;

import io.tidemark.storage.Resolution;
import io.tidemark.storage.Sample;
import io.tidemark.storage.SampleSink;
import io.tidemark.storage.SeriesKey;
import io.tidemark.storage.chunk.Chunk;
import io.tidemark.storage.rollup.Bucket;
import io.tidemark.storage.rollup.Rollups;
import java.util.ArrayList;
import java.util.List;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksIterator;

/**
 * The read path: a series' raw samples from its chunks plus its open chunk, its newest samples, its
 * rollup buckets (stored for days rolled up, computed from raw samples for the others), and every
 * stored chunk for diagnostics.
 *
 * <p>Contract: nothing older than a resolution's retention cutoff is returned, and a read sees
 * every append that returned before it started.
 *
 * <p>Thread safety: takes no store lock and runs concurrently with appends and maintenance. It
 * copies an entry's open chunk under that {@link Entry}'s monitor before reading the chunks, so a
 * concurrent flush, which writes the chunk before it clears the open one, loses nothing.
 */
final class ChunkReader {
  private final Families families;
  private final Head head;
  private final Watermarks marks;

  ChunkReader(Families families, Head head, Watermarks marks) {
    this.families = families;
    this.head = head;
    this.marks = marks;
  }

  /** See {@link RocksDbStore#read(SeriesKey, long, long)}. */
  List<Sample> read(SeriesKey series, long fromMillis, long toMillis) {
    List<Sample> out = new ArrayList<>();
    read(series, fromMillis, toMillis, (t, v) -> out.add(new Sample(t, v)));
    return out;
  }

  /** See {@link RocksDbStore#read(SeriesKey, long, long, SampleSink)}. */
  void read(SeriesKey series, long fromMillis, long toMillis, SampleSink out) {
    families.checkOpen();
    Entry entry = head.get(series);
    long from = Math.max(fromMillis, marks.retainedFrom(Families.RAW));
    if (entry == null || from > toMillis) {
      return;
    }
    Entry.Snapshot open = entry.snapshot(); // before the chunks: a concurrent flush loses nothing
    long flushed = entry.lastFlushed;
    long newest = Long.MIN_VALUE;
    if (from <= flushed && marks.earliestDay != Integer.MAX_VALUE) {
      int lastDay = Keys.day(Math.min(toMillis, flushed));
      try (RocksIterator it = families.db.newIterator(families.chunks)) {
        for (int day = Math.max(Keys.day(from), marks.earliestDay); day <= lastDay; day++) {
          byte[] prefix = Keys.series(day, entry.id);
          for (it.seek(prefix); it.isValid() && Keys.hasPrefix(it.key(), prefix); it.next()) {
            Chunk chunk = Chunk.decode(it.value(), Keys.printable(it.key()));
            if (chunk.firstTimestamp() > toMillis) {
              break;
            }
            if (chunk.lastTimestamp() < from) {
              continue;
            }
            for (int i = 0; i < chunk.count(); i++) {
              long ts = chunk.timestamp(i);
              if (ts >= from && ts <= toMillis) {
                out.accept(ts, chunk.value(i));
                newest = ts;
              }
            }
          }
          families.checkIterator(it);
        }
      }
    }
    for (int i = 0; i < open.n(); i++) {
      long ts = open.ts()[i];
      if (ts > newest && ts >= from && ts <= toMillis) {
        out.accept(ts, open.vs()[i]);
      }
    }
  }

  /** See {@link RocksDbStore#lastSamples}. */
  List<Sample> lastSamples(SeriesKey series, int count) {
    families.checkOpen();
    Entry entry = head.get(series);
    if (entry == null || count <= 0) {
      return List.of();
    }
    Entry.Snapshot open = entry.snapshot();
    long floor = marks.retainedFrom(Families.RAW);
    List<Sample> newestFirst = new ArrayList<>(count);
    for (int i = open.n() - 1; i >= 0 && newestFirst.size() < count; i--) {
      if (open.ts()[i] >= floor) {
        newestFirst.add(new Sample(open.ts()[i], open.vs()[i]));
      }
    }
    long below = open.n() > 0 ? open.ts()[0] : Long.MAX_VALUE;
    long flushed = entry.lastFlushed;
    if (newestFirst.size() < count
        && flushed != Long.MIN_VALUE
        && marks.earliestDay != Integer.MAX_VALUE) {
      try (RocksIterator it = families.db.newIterator(families.chunks)) {
        for (int day = Keys.day(flushed);
            day >= marks.earliestDay
                && newestFirst.size() < count
                && Keys.dayStart(day + 1) > floor;
            day--) {
          byte[] prefix = Keys.series(day, entry.id);
          for (it.seekForPrev(Keys.chunk(day, entry.id, Long.MAX_VALUE));
              it.isValid() && Keys.hasPrefix(it.key(), prefix) && newestFirst.size() < count;
              it.prev()) {
            Chunk chunk = Chunk.decode(it.value(), Keys.printable(it.key()));
            for (int i = chunk.count() - 1; i >= 0 && newestFirst.size() < count; i--) {
              long ts = chunk.timestamp(i);
              if (ts < below && ts >= floor) {
                newestFirst.add(new Sample(ts, chunk.value(i)));
              }
            }
          }
          families.checkIterator(it);
        }
      }
    }
    List<Sample> out = new ArrayList<>(newestFirst.size());
    for (int i = newestFirst.size() - 1; i >= 0; i--) {
      out.add(newestFirst.get(i));
    }
    return out;
  }

  /** See {@link RocksDbStore#rollups}. */
  List<Bucket> rollups(SeriesKey series, String resolution, long fromMillis, long toMillis) {
    families.checkOpen();
    Resolution tier = marks.retention.rollup(resolution);
    if (tier == null) {
      throw new IllegalArgumentException(
          "no rollup tier '"
              + resolution
              + "'; the tiers are "
              + marks.retention.rollups().stream().map(Resolution::name).toList());
    }
    Entry entry = head.get(series);
    if (entry == null || fromMillis > toMillis) {
      return List.of();
    }
    long step = tier.stepMillis();
    long cutoff = marks.retainedFrom(resolution);
    long from =
        fromMillis < Long.MIN_VALUE + step ? fromMillis : Math.floorDiv(fromMillis, step) * step;
    if (cutoff != Long.MIN_VALUE) {
      from = Math.max(from, Math.floorDiv(cutoff, step) * step); // buckets ending after cutoff
    }
    List<Bucket> out = new ArrayList<>();
    long newest = entry.last();
    if (newest == Long.MIN_VALUE) {
      return out;
    }
    int firstDay = Math.max(Keys.day(from), Math.min(marks.earliestDay, Keys.day(newest)));
    int lastDay = Keys.day(Math.min(toMillis, newest));
    ColumnFamilyHandle family = families.rollup(resolution);
    int rolled = marks.rolledUpThroughDay;
    for (int day = firstDay; day <= lastDay; day++) {
      List<Bucket> buckets;
      if (day <= rolled) {
        byte[] key = Keys.series(day, entry.id);
        byte[] value = families.get(family, key);
        buckets = value == null ? List.of() : RollupCodec.decode(key, value);
      } else {
        buckets = computeRollups(entry, day, step);
      }
      for (Bucket b : buckets) {
        if (b.start() >= from && b.start() <= toMillis) {
          out.add(b);
        }
      }
    }
    return out;
  }

  private List<Bucket> computeRollups(Entry entry, int day, long step) {
    List<Sample> samples = read(entry.key, Keys.dayStart(day), Keys.dayStart(day + 1) - 1);
    long[] ts = new long[samples.size()];
    double[] vs = new double[samples.size()];
    for (int i = 0; i < ts.length; i++) {
      ts[i] = samples.get(i).timestampMillis();
      vs[i] = samples.get(i).value();
    }
    return Rollups.compute(ts, vs, ts.length, step, entry.counter);
  }

  /** See {@link RocksDbStore#forEachChunk}. */
  void forEachChunk(RocksDbStore.ChunkVisitor visitor) {
    families.checkOpen();
    try (RocksIterator it = families.db.newIterator(families.chunks)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        Entry entry = head.byId(Keys.seriesOf(it.key(), Keys.CHUNK));
        visitor.chunk(
            entry == null ? null : entry.key, Chunk.decode(it.value(), Keys.printable(it.key())));
      }
      families.checkIterator(it);
    }
  }
}
