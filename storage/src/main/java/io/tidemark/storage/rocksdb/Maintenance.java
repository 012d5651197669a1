package io.tidemark.storage.rocksdb;

import io.tidemark.storage.Resolution;
import io.tidemark.storage.RetentionPolicy;
import io.tidemark.storage.chunk.Chunk;
import io.tidemark.storage.rollup.Bucket;
import io.tidemark.storage.rollup.Rollups;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's background job, run once a maintenance interval by the store: flush the open chunks
 * of silent series and of finished days, seal and roll up every finished day into each tier, apply
 * retention with range deletes, trim the journal, and forget series whose every sample aged out.
 *
 * <p>Contract: each step is one write or idempotent, so a crash anywhere is redone at the next run;
 * a raw day is never dropped before it is rolled up.
 *
 * <p>Thread safety: flushing, sealing, trimming and forgetting hold the store's monitor ({@code
 * lock}, the {@link RocksDbStore} itself, passed in), and while flushing each flushed {@link
 * Entry}'s monitor in turn (lock order: the store's monitor, then an entry's). Rolling a day up and
 * range-deleting expired days run without the store's monitor, concurrently with appends: they
 * touch only sealed days. Runs are not serialised against each other beyond that, as before the
 * store was split.
 */
final class Maintenance {
  // The store's logger, as before the split, so log configuration keeps naming one class.
  private static final Logger LOG = LoggerFactory.getLogger(RocksDbStore.class);

  /** After a day ends, how long its samples may still arrive before it is sealed and rolled up. */
  static final long GRACE_MILLIS = 5 * 60_000L;

  private final Object lock;
  private final Families families;
  private final Head head;
  private final Watermarks marks;
  private final Appender appender;
  private final Duration idleFlush;

  Maintenance(
      Object lock,
      Families families,
      Head head,
      Watermarks marks,
      Appender appender,
      Duration idleFlush) {
    this.lock = lock;
    this.families = families;
    this.head = head;
    this.marks = marks;
    this.appender = appender;
    this.idleFlush = idleFlush;
  }

  /** Runs every step once, as of {@code now}. */
  void run(long now) throws RocksDBException {
    flushHeads(now);
    rollUp(now);
    applyRetention(now);
    trimJournal();
    forgetSilentSeries(now);
  }

  /** Writes every open chunk and trims the journal. */
  void flushAll() throws RocksDBException {
    synchronized (lock) {
      flushHeads(entry -> true);
      trimJournal();
    }
  }

  private void flushHeads(long now) throws RocksDBException {
    long idle = idleFlush.toMillis();
    flushHeads(
        entry -> {
          long dayEnd = Keys.dayStart(Keys.day(entry.firstTimestamp()) + 1);
          return now - entry.lastTimestamp() >= idle || now >= dayEnd + GRACE_MILLIS;
        });
  }

  /** Writes the open chunk of every series {@code which} selects, in batches of 4096. */
  private void flushHeads(Predicate<Entry> which) throws RocksDBException {
    synchronized (lock) {
      List<Entry> flushed = new ArrayList<>();
      WriteBatch batch = new WriteBatch();
      try {
        for (Entry entry : head.all()) {
          if (entry.n == 0 || !which.test(entry)) {
            continue;
          }
          Entry.Snapshot open = entry.snapshot();
          appender.writeChunk(batch, entry, open.ts(), open.vs(), open.n());
          batch.put(families.state, Keys.state(entry.id), Keys.stateValue(open.ts()[open.n() - 1]));
          flushed.add(entry);
          if (flushed.size() == 4096) {
            commitFlush(batch, flushed);
            batch.close();
            batch = new WriteBatch();
            flushed.clear();
          }
        }
        commitFlush(batch, flushed);
      } finally {
        batch.close();
      }
    }
  }

  private void commitFlush(WriteBatch batch, List<Entry> flushed) throws RocksDBException {
    if (flushed.isEmpty()) {
      return;
    }
    families.db.write(families.writeOptions, batch);
    for (Entry entry : flushed) {
      synchronized (entry) {
        entry.lastFlushed = entry.lastTimestamp();
        entry.clearHead();
      }
    }
  }

  private void rollUp(long now) throws RocksDBException {
    if (marks.retention.rollups().isEmpty()) {
      return;
    }
    int day =
        marks.rolledUpThroughDay == Integer.MIN_VALUE
            ? marks.earliestDay
            : marks.rolledUpThroughDay + 1;
    while (day != Integer.MAX_VALUE && now >= Keys.dayStart(day + 1) + GRACE_MILLIS) {
      synchronized (lock) {
        marks.sealedBefore = Math.max(marks.sealedBefore, Keys.dayStart(day + 1));
        flushHeads(now); // whatever arrived for the day since the last flush
      }
      rollUpDay(day);
      families.putMeta(Families.META_ROLLED_UP, day);
      marks.rolledUpThroughDay = day;
      day = nextDataDay(day + 1, now);
    }
  }

  /** The first day at or after {@code day} holding raw chunks, capped at today. */
  private int nextDataDay(int day, long now) {
    try (RocksIterator it = families.db.newIterator(families.chunks)) {
      it.seek(Keys.dayPrefix(day));
      families.checkIterator(it);
      int next = it.isValid() ? Keys.dayOf(it.key(), Keys.CHUNK) : Keys.day(now);
      return Math.max(day, Math.min(next, Keys.day(now)));
    }
  }

  private void rollUpDay(int day) throws RocksDBException {
    byte[] prefix = Keys.dayPrefix(day);
    List<Resolution> tiers = marks.retention.rollups();
    WriteBatch batch = new WriteBatch();
    try (RocksIterator it = families.db.newIterator(families.chunks)) {
      long current = -1;
      long[] ts = new long[256];
      double[] vs = new double[256];
      int n = 0;
      for (it.seek(prefix); ; it.next()) {
        boolean valid = it.isValid() && Keys.hasPrefix(it.key(), prefix);
        long id = valid ? Keys.seriesOf(it.key(), Keys.CHUNK) : -2;
        if (id != current && current >= 0 && n > 0) {
          Entry entry = head.byId(current);
          boolean counter = entry != null && entry.counter;
          for (Resolution tier : tiers) {
            List<Bucket> buckets = Rollups.compute(ts, vs, n, tier.stepMillis(), counter);
            batch.put(
                families.rollup(tier.name()),
                Keys.series(day, current),
                RollupCodec.encode(buckets));
          }
          if (batch.count() >= 8192) {
            families.db.write(families.writeOptions, batch);
            batch.close();
            batch = new WriteBatch();
          }
          n = 0;
        }
        if (!valid) {
          break;
        }
        current = id;
        Chunk chunk = Chunk.decode(it.value(), Keys.printable(it.key()));
        if (n + chunk.count() > ts.length) {
          int size = Math.max(ts.length * 2, n + chunk.count());
          ts = Arrays.copyOf(ts, size);
          vs = Arrays.copyOf(vs, size);
        }
        for (int i = 0; i < chunk.count(); i++) {
          ts[n] = chunk.timestamp(i);
          vs[n] = chunk.value(i);
          n++;
        }
      }
      families.checkIterator(it);
      families.db.write(families.writeOptions, batch);
    } finally {
      batch.close();
    }
  }

  private void applyRetention(long now) throws RocksDBException {
    RetentionPolicy policy = marks.retention;
    long rawCutoff = now - policy.raw().toMillis();
    if (!policy.rollups().isEmpty()) {
      int rolled = marks.rolledUpThroughDay;
      long rolledEnd = rolled == Integer.MIN_VALUE ? Long.MIN_VALUE : Keys.dayStart(rolled + 1);
      rawCutoff = Math.min(rawCutoff, rolledEnd); // never drop what is not rolled up yet
    }
    expire(Families.RAW, families.chunks, rawCutoff);
    for (Resolution tier : policy.rollups()) {
      expire(tier.name(), families.rollup(tier.name()), now - tier.retention().toMillis());
    }
  }

  private void expire(String name, ColumnFamilyHandle family, long cutoff) throws RocksDBException {
    if (cutoff == Long.MIN_VALUE || cutoff <= marks.retainedFrom(name)) {
      return;
    }
    families.putMeta(Families.META_RETAINED + name, cutoff);
    marks.retainedFrom.put(name, cutoff);
    int dropBefore = Keys.day(cutoff); // whole days before the cutoff's day
    int dropped = marks.droppedBeforeDay.getOrDefault(name, Integer.MIN_VALUE);
    if (dropBefore > dropped) {
      boolean held = marks.earliestDay < dropBefore;
      byte[] begin = Keys.dayPrefix(Integer.MIN_VALUE);
      byte[] end = Keys.dayPrefix(dropBefore);
      families.db.deleteRange(family, families.writeOptions, begin, end);
      families.db.compactRange(family, begin, end);
      families.putMeta(Families.META_DROPPED + name, dropBefore);
      marks.droppedBeforeDay.put(name, dropBefore);
      marks.earliestDay = families.earliestDay();
      if (held) {
        LOG.info(
            "dropped {} data before {}",
            name,
            java.time.Instant.ofEpochMilli(Keys.dayStart(dropBefore)));
      }
    }
  }

  private void trimJournal() throws RocksDBException {
    synchronized (lock) {
      long oldest = head.oldestOpenSeq();
      if (oldest > head.trimmedBefore) {
        families.db.deleteRange(
            families.journal, families.writeOptions, Keys.sequence(0), Keys.sequence(oldest));
        head.trimmedBefore = oldest;
      }
    }
  }

  private void forgetSilentSeries(long now) throws RocksDBException {
    synchronized (lock) {
      long horizon = now - marks.retention.longest().toMillis();
      List<Entry> silent = new ArrayList<>();
      for (Entry entry : head.all()) {
        if (entry.n == 0 && entry.lastFlushed != Long.MIN_VALUE && entry.lastFlushed < horizon) {
          silent.add(entry);
        }
      }
      if (silent.isEmpty()) {
        return;
      }
      try (WriteBatch batch = new WriteBatch()) {
        for (Entry entry : silent) {
          byte[] idBytes = SeriesCodec.encodeId(entry.id);
          batch.delete(families.series, SeriesCodec.encode(entry.key));
          batch.delete(families.seriesById, idBytes);
          batch.delete(families.state, Keys.state(entry.id));
        }
        families.db.write(families.writeOptions, batch);
      }
      head.forget(silent);
      LOG.info("forgot {} series silent since before every retention", silent.size());
    }
  }
}
