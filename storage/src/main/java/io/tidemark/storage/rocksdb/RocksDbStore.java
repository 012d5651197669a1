package io.tidemark.storage.rocksdb;

import io.tidemark.storage.AppendResult;
import io.tidemark.storage.Durability;
import io.tidemark.storage.LabelMatcher;
import io.tidemark.storage.Resolution;
import io.tidemark.storage.RetentionPolicy;
import io.tidemark.storage.Sample;
import io.tidemark.storage.SeriesIndex;
import io.tidemark.storage.SeriesKey;
import io.tidemark.storage.SeriesSample;
import io.tidemark.storage.StorageException;
import io.tidemark.storage.StoreOptions;
import io.tidemark.storage.StoreStats;
import io.tidemark.storage.TimeSeriesStore;
import io.tidemark.storage.chunk.Chunk;
import io.tidemark.storage.chunk.HeadChunk;
import io.tidemark.storage.rollup.Bucket;
import io.tidemark.storage.rollup.Rollups;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.rocksdb.Checkpoint;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link TimeSeriesStore} in one RocksDB database: a head of open chunks in memory backed by a
 * journal, compressed chunks partitioned by day, and rollup tiers partitioned the same way.
 *
 * <p>Column families, each with a named, versioned layout (grammars in {@link Keys}, {@link
 * SeriesCodec}, {@link JournalCodec}, {@link Chunk}, {@link RollupCodec} and {@code
 * docs/storage-format.md}):
 *
 * <pre>
 * default       Meta/1:         ASCII name --> u64 BE
 * series        SeriesLabels/1 --> SeriesId/1
 * series_by_id  SeriesId/1 --> SeriesLabels/1
 * state         StateKey/1 --> SeriesState/1        (newest flushed timestamp per series)
 * journal       JournalKey/1 --> JournalRecord/1    (one record per append)
 * chunks        ChunkKey/1 --> Chunk/1              (raw samples)
 * rollup_STEP   RollupKey/1 --> RollupBlock/1       (one family per rollup tier: rollup_5m, ...)
 * </pre>
 *
 * <p>The write path: an {@link #append} is one atomic {@code WriteBatch} holding a journal record
 * with every accepted sample, new series, and any chunk the append completed; then the samples join
 * their series' open chunk in memory. A chunk is completed when it holds {@code chunkSamples}
 * samples or the next sample falls on another day (chunks never cross a day), and by {@link
 * #maintain()} when its series has been silent for {@code idleFlush} or its day is over. Journal
 * records older than the oldest open chunk are trimmed by a range delete; at start-up the rest is
 * replayed into the head.
 *
 * <p>{@link #maintain()} also rolls up each finished day into every rollup tier, and applies
 * retention: whole days are dropped with range deletes, and reads stop at the exact cutoff. A raw
 * day is never dropped before it is rolled up.
 *
 * <p>Thread safety: appends and maintenance writes are serialised; reads run concurrently with them
 * and see every append that returned before they started.
 */
public final class RocksDbStore implements TimeSeriesStore {

  static final long FORMAT_VERSION = 2;
  private static final Logger LOG = LoggerFactory.getLogger(RocksDbStore.class);

  /** After a day ends, how long its samples may still arrive before it is sealed and rolled up. */
  static final long GRACE_MILLIS = 5 * 60_000L;

  private static final String META_FORMAT = "format-version";
  private static final String META_INGESTED = "samples-ingested";
  private static final String META_ROLLED_UP = "rolled-up-through-day";
  private static final String META_RETAINED = "retained-from/";
  private static final String META_DROPPED = "dropped-before-day/";
  private static final String CF_SERIES = "series";
  private static final String CF_SERIES_BY_ID = "series_by_id";
  private static final String CF_STATE = "state";
  private static final String CF_JOURNAL = "journal";
  private static final String CF_CHUNKS = "chunks";
  private static final String CF_ROLLUP = "rollup_";
  private static final String RAW = "raw";

  static {
    RocksDB.loadLibrary();
  }

  private final Path directory;
  private final StoreOptions options;
  private final boolean readOnly;
  private final DBOptions dbOptions;
  private final ColumnFamilyOptions cfOptions;
  private final WriteOptions writeOptions;
  private final RocksDB db;
  private final Map<String, ColumnFamilyHandle> families = new LinkedHashMap<>();
  private final ColumnFamilyHandle metaFamily;
  private final ColumnFamilyHandle seriesFamily;
  private final ColumnFamilyHandle seriesByIdFamily;
  private final ColumnFamilyHandle stateFamily;
  private final ColumnFamilyHandle journalFamily;
  private final ColumnFamilyHandle chunkFamily;
  private final Map<String, ColumnFamilyHandle> rollupFamilies = new LinkedHashMap<>();

  private final Map<SeriesKey, Entry> entries = new ConcurrentHashMap<>();
  private final Map<Long, Entry> byId = new ConcurrentHashMap<>();
  private final SeriesIndex index = new SeriesIndex();
  private final AtomicLong samplesIngested = new AtomicLong();
  private final AtomicLong samplesRejected = new AtomicLong();
  private final Map<String, Long> retainedFrom = new ConcurrentHashMap<>();
  private final Map<String, Integer> droppedBeforeDay = new HashMap<>();
  private volatile RetentionPolicy retention;
  private volatile int rolledUpThroughDay = Integer.MIN_VALUE;
  private volatile long sealedBefore = Long.MIN_VALUE;
  private volatile int earliestDay = Integer.MAX_VALUE;
  private long nextId = 1;
  private long nextSeq = 1;
  private long trimmedBefore = 1;
  private volatile boolean closed;
  private final ScheduledExecutorService background;

  private RocksDbStore(Path directory, StoreOptions options, boolean readOnly) {
    this.directory = directory;
    this.options = options;
    this.readOnly = readOnly;
    this.retention = options.retention();
    this.dbOptions =
        new DBOptions()
            .setCreateIfMissing(true)
            .setCreateMissingColumnFamilies(true)
            .setKeepLogFileNum(3)
            .setMaxTotalWalSize(64L << 20);
    this.cfOptions =
        new ColumnFamilyOptions()
            .setCompressionType(CompressionType.LZ4_COMPRESSION)
            .setBottommostCompressionType(CompressionType.ZSTD_COMPRESSION);
    this.writeOptions = new WriteOptions().setSync(options.durability().syncEveryWrite());
    List<String> names = new ArrayList<>();
    names.addAll(
        List.of(
            new String(RocksDB.DEFAULT_COLUMN_FAMILY, StandardCharsets.US_ASCII),
            CF_SERIES,
            CF_SERIES_BY_ID,
            CF_STATE,
            CF_JOURNAL,
            CF_CHUNKS));
    for (Resolution r : retention.rollups()) {
      names.add(CF_ROLLUP + r.name());
    }
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    try {
      if (readOnly && !Files.isDirectory(directory)) {
        throw new StorageException("no store at " + directory);
      }
      if (!readOnly) {
        Files.createDirectories(directory);
      }
      for (String existing : existingFamilies(directory)) {
        if (!names.contains(existing)) {
          names.add(existing); // a tier no longer configured: opened, left alone
        }
      }
      List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
      for (String name : names) {
        descriptors.add(
            new ColumnFamilyDescriptor(name.getBytes(StandardCharsets.US_ASCII), cfOptions));
      }
      this.db =
          readOnly
              ? RocksDB.openReadOnly(dbOptions, directory.toString(), descriptors, handles)
              : RocksDB.open(dbOptions, directory.toString(), descriptors, handles);
    } catch (IOException e) {
      closeOptions();
      throw new StorageException("cannot create the store directory " + directory + ": " + e, e);
    } catch (RocksDBException e) {
      closeOptions();
      String why = String.valueOf(e.getMessage());
      if (why.contains("lock")) {
        throw new StorageException(
            "the store at " + directory + " is in use by another process (" + why + ")", e);
      }
      throw new StorageException("cannot open the store at " + directory + ": " + why, e);
    } catch (StorageException e) {
      closeOptions();
      throw e;
    }
    for (int i = 0; i < names.size(); i++) {
      families.put(names.get(i), handles.get(i));
    }
    this.metaFamily = handles.get(0);
    this.seriesFamily = families.get(CF_SERIES);
    this.seriesByIdFamily = families.get(CF_SERIES_BY_ID);
    this.stateFamily = families.get(CF_STATE);
    this.journalFamily = families.get(CF_JOURNAL);
    this.chunkFamily = families.get(CF_CHUNKS);
    for (Resolution r : retention.rollups()) {
      rollupFamilies.put(r.name(), families.get(CF_ROLLUP + r.name()));
    }
    this.background =
        readOnly || (options.durability().syncEveryWrite() && options.maintenanceInterval() == null)
            ? null
            : Executors.newSingleThreadScheduledExecutor(
                r -> {
                  Thread thread = new Thread(r, "tidemark-store");
                  thread.setDaemon(true);
                  return thread;
                });
  }

  private static List<String> existingFamilies(Path directory) throws RocksDBException {
    if (!Files.exists(directory.resolve("CURRENT"))) {
      return List.of();
    }
    try (Options o = new Options()) {
      List<String> out = new ArrayList<>();
      for (byte[] name : RocksDB.listColumnFamilies(o, directory.toString())) {
        out.add(new String(name, StandardCharsets.US_ASCII));
      }
      return out;
    }
  }

  /**
   * Opens the store in {@code directory} with the default options, creating it if missing.
   *
   * @throws StorageException when the directory cannot be used, is locked by another process, or
   *     holds a store of a format this version does not read
   */
  public static RocksDbStore open(Path directory) {
    return open(directory, StoreOptions.DEFAULT);
  }

  /** Opens the store with the given durability and otherwise default options. */
  public static RocksDbStore open(Path directory, Durability durability) {
    return open(directory, StoreOptions.DEFAULT.withDurability(durability));
  }

  /**
   * Opens the store in {@code directory}, creating it if missing, and replays its journal.
   *
   * @throws StorageException when the directory cannot be used, is locked by another process, or
   *     holds a store of a format this version does not read
   */
  public static RocksDbStore open(Path directory, StoreOptions options) {
    return start(new RocksDbStore(directory, options, false));
  }

  /**
   * Opens an existing store or snapshot for reading only, for offline analysis: no process lock is
   * taken, so a copy can be read while another process owns the original; appends fail and no
   * maintenance runs.
   *
   * @throws StorageException when there is no readable store in {@code directory}
   */
  public static RocksDbStore openReadOnly(Path directory) {
    return start(
        new RocksDbStore(
            directory, StoreOptions.DEFAULT.withDurability(Durability.everyWrite()), true));
  }

  private static RocksDbStore start(RocksDbStore store) {
    try {
      store.load();
      store.startBackground();
      return store;
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
  }

  // ---------------------------------------------------------------- loading

  private void load() {
    Long format = meta(META_FORMAT);
    if (format == null && readOnly) {
      throw new StorageException("no Tidemark store at " + directory);
    } else if (format == null) {
      putMeta(META_FORMAT, FORMAT_VERSION);
    } else if (format != FORMAT_VERSION) {
      throw new StorageException(
          "the store at "
              + directory
              + " has format version "
              + format
              + "; this version of Tidemark reads version "
              + FORMAT_VERSION);
    }
    Long ingested = meta(META_INGESTED);
    samplesIngested.set(ingested == null ? 0 : ingested);
    Long rolled = meta(META_ROLLED_UP);
    rolledUpThroughDay = rolled == null ? Integer.MIN_VALUE : rolled.intValue();
    if (rolled != null) {
      sealedBefore = Keys.dayStart(rolledUpThroughDay + 1);
    }
    for (String name : resolutionNames()) {
      Long from = meta(META_RETAINED + name);
      if (from != null) {
        retainedFrom.put(name, from);
      }
      Long dropped = meta(META_DROPPED + name);
      if (dropped != null) {
        droppedBeforeDay.put(name, dropped.intValue());
      }
    }
    long maxId = 0;
    try (RocksIterator it = db.newIterator(seriesFamily)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        byte[] key = it.key();
        SeriesKey series = SeriesCodec.decode(key, "series:" + SeriesCodec.printable(key));
        long id = SeriesCodec.decodeId(it.value(), "series:" + series);
        remember(new Entry(series, id));
        maxId = Math.max(maxId, id);
      }
      checkIterator(it);
    }
    nextId = maxId + 1;
    try (RocksIterator it = db.newIterator(stateFamily)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        Entry entry = byId.get(Keys.sequenceOf(it.key()));
        if (entry != null) {
          entry.lastFlushed = Keys.stateValueOf(it.key(), it.value());
        }
      }
      checkIterator(it);
    }
    earliestDay = Math.min(firstDay(chunkFamily), earliestDay);
    for (ColumnFamilyHandle family : rollupFamilies.values()) {
      earliestDay = Math.min(firstDay(family), earliestDay);
    }
    replayJournal();
  }

  private void replayJournal() {
    try (RocksIterator it = db.newIterator(journalFamily)) {
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
              Entry entry = byId.get(id);
              if (entry != null && ts > entry.last()) {
                entry.append(ts, value, seq);
              }
            });
        nextSeq = seq + 1;
      }
      checkIterator(it);
      if (first) {
        trimmedBefore = nextSeq;
      }
    }
  }

  private int firstDay(ColumnFamilyHandle family) {
    try (RocksIterator it = db.newIterator(family)) {
      it.seekToFirst();
      if (it.isValid()) {
        return Keys.dayOf(it.key(), family == chunkFamily ? Keys.CHUNK : Keys.ROLLUP);
      }
      checkIterator(it);
      return Integer.MAX_VALUE;
    }
  }

  /** The first day still holding data of a resolution ({@code raw}, {@code 5m}, ...), for tests. */
  int firstDay(String resolution) {
    return firstDay(resolution.equals(RAW) ? chunkFamily : rollupFamilies.get(resolution));
  }

  private void remember(Entry entry) {
    entries.put(entry.key, entry);
    byId.put(entry.id, entry);
    index.add(entry.key);
  }

  private void startBackground() {
    if (background == null) {
      return;
    }
    if (!options.durability().syncEveryWrite()) {
      long millis = Math.max(1, options.durability().window().toMillis());
      background.scheduleWithFixedDelay(this::syncQuietly, millis, millis, TimeUnit.MILLISECONDS);
    }
    if (options.maintenanceInterval() != null) {
      long millis = Math.max(1, options.maintenanceInterval().toMillis());
      background.scheduleWithFixedDelay(
          this::maintainQuietly, Math.min(millis, 10_000), millis, TimeUnit.MILLISECONDS);
    }
  }

  // ---------------------------------------------------------------- appends

  @Override
  public AppendResult append(List<SeriesSample> samples) {
    synchronized (this) {
      checkWritable();
      Map<SeriesKey, Entry> fresh = new HashMap<>();
      Map<Entry, Pending> pending = new LinkedHashMap<>();
      JournalCodec journal = new JournalCodec(samples.size());
      long seq = nextSeq;
      long acceptFrom = Math.max(sealedBefore, retainedFrom.getOrDefault(RAW, Long.MIN_VALUE));
      int duplicates = 0;
      int rejected = 0;
      try (WriteBatch batch = new WriteBatch()) {
        long next = nextId;
        for (SeriesSample sample : samples) {
          Entry entry = entries.get(sample.series());
          if (entry == null) {
            entry = fresh.get(sample.series());
          }
          if (entry == null) {
            entry = new Entry(sample.series(), next++);
            fresh.put(entry.key, entry);
            byte[] labels = SeriesCodec.encode(entry.key);
            byte[] idBytes = SeriesCodec.encodeId(entry.id);
            batch.put(seriesFamily, labels, idBytes);
            batch.put(seriesByIdFamily, idBytes, labels);
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
          batch.put(journalFamily, Keys.sequence(seq), journal.finish());
        }
        for (Pending p : pending.values()) {
          p.plan(batch, options.chunkSamples());
        }
        long total = samplesIngested.get() + accepted;
        if (accepted > 0) {
          batch.put(metaFamily, metaKey(META_INGESTED), SeriesCodec.encodeId(total));
        }
        if (batch.count() > 0) {
          db.write(writeOptions, batch);
        }
        // Only what is durable becomes visible.
        nextId = next;
        fresh.values().forEach(this::remember);
        for (Pending p : pending.values()) {
          p.commit(seq);
        }
        if (accepted > 0) {
          nextSeq = seq + 1;
        }
        samplesIngested.set(total);
        samplesRejected.addAndGet(rejected);
        return new AppendResult(accepted, duplicates, rejected);
      } catch (RocksDBException e) {
        throw new StorageException(
            "cannot write " + samples.size() + " samples to " + directory + ": " + e.getMessage(),
            e);
      }
    }
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
    void plan(WriteBatch batch, int chunkSamples) throws RocksDBException {
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
        batch.put(stateFamily, Keys.state(entry.id), Keys.stateValue(flushedThrough));
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

  private void writeChunk(WriteBatch batch, Entry entry, long[] ts, double[] vs, int count)
      throws RocksDBException {
    Chunk chunk = Chunk.encode(ts, vs, count);
    int day = Keys.day(ts[0]);
    batch.put(chunkFamily, Keys.chunk(day, entry.id, ts[0]), chunk.bytes());
    if (day < earliestDay) {
      earliestDay = day;
    }
  }

  // ---------------------------------------------------------------- reads

  @Override
  public List<Sample> read(SeriesKey series, long fromMillis, long toMillis) {
    checkOpen();
    Entry entry = entries.get(series);
    long from = Math.max(fromMillis, retainedFrom.getOrDefault(RAW, Long.MIN_VALUE));
    if (entry == null || from > toMillis) {
      return List.of();
    }
    Head head = entry.snapshot(); // before the chunks: a concurrent flush then loses nothing
    List<Sample> out = new ArrayList<>();
    long flushed = entry.lastFlushed;
    long newest = Long.MIN_VALUE;
    if (from <= flushed && earliestDay != Integer.MAX_VALUE) {
      int lastDay = Keys.day(Math.min(toMillis, flushed));
      try (RocksIterator it = db.newIterator(chunkFamily)) {
        for (int day = Math.max(Keys.day(from), earliestDay); day <= lastDay; day++) {
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
                out.add(new Sample(ts, chunk.value(i)));
                newest = ts;
              }
            }
          }
          checkIterator(it);
        }
      }
    }
    for (int i = 0; i < head.n; i++) {
      long ts = head.ts[i];
      if (ts > newest && ts >= from && ts <= toMillis) {
        out.add(new Sample(ts, head.vs[i]));
      }
    }
    return out;
  }

  @Override
  public List<Sample> lastSamples(SeriesKey series, int count) {
    checkOpen();
    Entry entry = entries.get(series);
    if (entry == null || count <= 0) {
      return List.of();
    }
    Head head = entry.snapshot();
    long floor = retainedFrom.getOrDefault(RAW, Long.MIN_VALUE);
    List<Sample> newestFirst = new ArrayList<>(count);
    for (int i = head.n - 1; i >= 0 && newestFirst.size() < count; i--) {
      if (head.ts[i] >= floor) {
        newestFirst.add(new Sample(head.ts[i], head.vs[i]));
      }
    }
    long below = head.n > 0 ? head.ts[0] : Long.MAX_VALUE;
    long flushed = entry.lastFlushed;
    if (newestFirst.size() < count
        && flushed != Long.MIN_VALUE
        && earliestDay != Integer.MAX_VALUE) {
      try (RocksIterator it = db.newIterator(chunkFamily)) {
        for (int day = Keys.day(flushed);
            day >= earliestDay && newestFirst.size() < count && Keys.dayStart(day + 1) > floor;
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
          checkIterator(it);
        }
      }
    }
    List<Sample> out = new ArrayList<>(newestFirst.size());
    for (int i = newestFirst.size() - 1; i >= 0; i--) {
      out.add(newestFirst.get(i));
    }
    return out;
  }

  @Override
  public List<Bucket> rollups(SeriesKey series, String resolution, long fromMillis, long toMillis) {
    checkOpen();
    Resolution tier = retention.rollup(resolution);
    if (tier == null) {
      throw new IllegalArgumentException(
          "no rollup tier '"
              + resolution
              + "'; the tiers are "
              + retention.rollups().stream().map(Resolution::name).toList());
    }
    Entry entry = entries.get(series);
    if (entry == null || fromMillis > toMillis) {
      return List.of();
    }
    long step = tier.stepMillis();
    long cutoff = retainedFrom.getOrDefault(resolution, Long.MIN_VALUE);
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
    int firstDay = Math.max(Keys.day(from), Math.min(earliestDay, Keys.day(newest)));
    int lastDay = Keys.day(Math.min(toMillis, newest));
    ColumnFamilyHandle family = rollupFamilies.get(resolution);
    int rolled = rolledUpThroughDay;
    for (int day = firstDay; day <= lastDay; day++) {
      List<Bucket> buckets;
      if (day <= rolled) {
        byte[] key = Keys.series(day, entry.id);
        byte[] value = get(family, key);
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

  @Override
  public List<SeriesKey> findSeries(String metric, Map<String, String> labelEquals) {
    List<LabelMatcher> matchers = new ArrayList<>(labelEquals.size() + 1);
    matchers.add(LabelMatcher.equal(LabelMatcher.METRIC_NAME, metric));
    labelEquals.forEach((name, value) -> matchers.add(LabelMatcher.equal(name, value)));
    return select(matchers);
  }

  @Override
  public List<SeriesKey> select(List<LabelMatcher> matchers) {
    checkOpen();
    return index.select(matchers);
  }

  @Override
  public List<String> labelNames() {
    checkOpen();
    return index.names();
  }

  @Override
  public List<String> labelValues(String name) {
    checkOpen();
    return index.values(name);
  }

  // ---------------------------------------------------------------- retention and status

  @Override
  public RetentionPolicy retention() {
    return retention;
  }

  @Override
  public void retention(RetentionPolicy policy) {
    checkWritable();
    this.retention = policy.withSameTiersAs(retention);
    LOG.info(
        "retention changed to raw {}, {}",
        Resolution.name(policy.raw()),
        policy.rollups().stream()
            .map(r -> r.name() + " " + Resolution.name(r.retention()))
            .toList());
  }

  @Override
  public long retainedFrom(String resolution) {
    return retainedFrom.getOrDefault(resolution, Long.MIN_VALUE);
  }

  @Override
  public StoreStats stats() {
    long headSeries = 0;
    long headSamples = 0;
    for (Entry entry : byId.values()) {
      int n = entry.n;
      if (n > 0) {
        headSeries++;
        headSamples += n;
      }
    }
    List<StoreStats.ResolutionStats> resolutions = new ArrayList<>();
    RetentionPolicy policy = retention;
    resolutions.add(
        new StoreStats.ResolutionStats(
            RAW,
            Resolution.name(policy.raw()),
            familyBytes(chunkFamily),
            retainedFrom.getOrDefault(RAW, Long.MIN_VALUE)));
    for (Resolution r : policy.rollups()) {
      resolutions.add(
          new StoreStats.ResolutionStats(
              r.name(),
              Resolution.name(r.retention()),
              familyBytes(rollupFamilies.get(r.name())),
              retainedFrom.getOrDefault(r.name(), Long.MIN_VALUE)));
    }
    int rolled = rolledUpThroughDay;
    long journalRecords;
    synchronized (this) {
      journalRecords = nextSeq - trimmedBefore;
    }
    return new StoreStats(
        entries.size(),
        samplesIngested.get(),
        samplesRejected.get(),
        directorySize(directory),
        headSeries,
        headSamples,
        journalRecords,
        closed ? 0 : familyBytes(journalFamily),
        rolled == Integer.MIN_VALUE ? Long.MIN_VALUE : Keys.dayStart(rolled + 1),
        List.copyOf(resolutions));
  }

  private long familyBytes(ColumnFamilyHandle family) {
    if (closed) {
      return 0;
    }
    try {
      return db.getLongProperty(family, "rocksdb.total-sst-files-size")
          + db.getLongProperty(family, "rocksdb.cur-size-all-mem-tables");
    } catch (RocksDBException e) {
      return 0;
    }
  }

  // ---------------------------------------------------------------- maintenance

  private void maintainQuietly() {
    try {
      maintain();
    } catch (RuntimeException e) {
      LOG.warn("store maintenance failed; it runs again at the next interval: {}", e.toString());
    }
  }

  /**
   * Runs the background work once, against the options' clock: flushes open chunks whose series
   * went silent or whose day is over, rolls up every finished day, applies retention, trims the
   * journal and forgets series whose every sample has aged out. Idempotent; a crash at any point
   * leaves a store that opens and resumes.
   */
  public void maintain() {
    checkWritable();
    long now = options.clock().millis();
    try {
      flushHeads(now);
      rollUp(now);
      applyRetention(now);
      trimJournal();
      forgetSilentSeries(now);
    } catch (RocksDBException e) {
      throw new StorageException("maintenance of " + directory + " failed: " + e.getMessage(), e);
    }
  }

  private void flushHeads(long now) throws RocksDBException {
    long idle = options.idleFlush().toMillis();
    flushHeads(
        entry -> {
          long dayEnd = Keys.dayStart(Keys.day(entry.head.firstTimestamp()) + 1);
          return now - entry.head.lastTimestamp() >= idle || now >= dayEnd + GRACE_MILLIS;
        });
  }

  /** Writes the open chunk of every series {@code which} selects, in batches of 4096. */
  private synchronized void flushHeads(java.util.function.Predicate<Entry> which)
      throws RocksDBException {
    List<Entry> flushed = new ArrayList<>();
    WriteBatch batch = new WriteBatch();
    try {
      for (Entry entry : byId.values()) {
        if (entry.n == 0 || !which.test(entry)) {
          continue;
        }
        Head head = entry.snapshot();
        writeChunk(batch, entry, head.ts(), head.vs(), head.n());
        batch.put(stateFamily, Keys.state(entry.id), Keys.stateValue(head.ts()[head.n() - 1]));
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

  private void commitFlush(WriteBatch batch, List<Entry> flushed) throws RocksDBException {
    if (flushed.isEmpty()) {
      return;
    }
    db.write(writeOptions, batch);
    for (Entry entry : flushed) {
      synchronized (entry) {
        entry.lastFlushed = entry.head.lastTimestamp();
        entry.clearHead();
      }
    }
  }

  private void rollUp(long now) throws RocksDBException {
    if (retention.rollups().isEmpty()) {
      return;
    }
    int day = rolledUpThroughDay == Integer.MIN_VALUE ? earliestDay : rolledUpThroughDay + 1;
    while (day != Integer.MAX_VALUE && now >= Keys.dayStart(day + 1) + GRACE_MILLIS) {
      synchronized (this) {
        sealedBefore = Math.max(sealedBefore, Keys.dayStart(day + 1));
        flushHeads(now); // whatever arrived for the day since the last flush
      }
      rollUpDay(day);
      putMeta(META_ROLLED_UP, day);
      rolledUpThroughDay = day;
      day = nextDataDay(day + 1, now);
    }
  }

  /** The first day at or after {@code day} holding raw chunks, capped at today. */
  private int nextDataDay(int day, long now) {
    try (RocksIterator it = db.newIterator(chunkFamily)) {
      it.seek(Keys.dayPrefix(day));
      checkIterator(it);
      int next = it.isValid() ? Keys.dayOf(it.key(), Keys.CHUNK) : Keys.day(now);
      return Math.max(day, Math.min(next, Keys.day(now)));
    }
  }

  private void rollUpDay(int day) throws RocksDBException {
    byte[] prefix = Keys.dayPrefix(day);
    List<Resolution> tiers = retention.rollups();
    WriteBatch batch = new WriteBatch();
    try (RocksIterator it = db.newIterator(chunkFamily)) {
      long current = -1;
      long[] ts = new long[256];
      double[] vs = new double[256];
      int n = 0;
      for (it.seek(prefix); ; it.next()) {
        boolean valid = it.isValid() && Keys.hasPrefix(it.key(), prefix);
        long id = valid ? Keys.seriesOf(it.key(), Keys.CHUNK) : -2;
        if (id != current && current >= 0 && n > 0) {
          Entry entry = byId.get(current);
          boolean counter = entry != null && entry.counter;
          for (Resolution tier : tiers) {
            List<Bucket> buckets = Rollups.compute(ts, vs, n, tier.stepMillis(), counter);
            batch.put(
                rollupFamilies.get(tier.name()),
                Keys.series(day, current),
                RollupCodec.encode(buckets));
          }
          if (batch.count() >= 8192) {
            db.write(writeOptions, batch);
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
      checkIterator(it);
      db.write(writeOptions, batch);
    } finally {
      batch.close();
    }
  }

  private void applyRetention(long now) throws RocksDBException {
    RetentionPolicy policy = retention;
    long rawCutoff = now - policy.raw().toMillis();
    if (!policy.rollups().isEmpty()) {
      int rolled = rolledUpThroughDay;
      long rolledEnd = rolled == Integer.MIN_VALUE ? Long.MIN_VALUE : Keys.dayStart(rolled + 1);
      rawCutoff = Math.min(rawCutoff, rolledEnd); // never drop what is not rolled up yet
    }
    expire(RAW, chunkFamily, rawCutoff);
    for (Resolution tier : policy.rollups()) {
      expire(tier.name(), rollupFamilies.get(tier.name()), now - tier.retention().toMillis());
    }
  }

  private void expire(String name, ColumnFamilyHandle family, long cutoff) throws RocksDBException {
    if (cutoff == Long.MIN_VALUE || cutoff <= retainedFrom.getOrDefault(name, Long.MIN_VALUE)) {
      return;
    }
    putMeta(META_RETAINED + name, cutoff);
    retainedFrom.put(name, cutoff);
    int dropBefore = Keys.day(cutoff); // whole days before the cutoff's day
    int dropped = droppedBeforeDay.getOrDefault(name, Integer.MIN_VALUE);
    if (dropBefore > dropped) {
      boolean held = earliestDay < dropBefore;
      byte[] begin = Keys.dayPrefix(Integer.MIN_VALUE);
      byte[] end = Keys.dayPrefix(dropBefore);
      db.deleteRange(family, writeOptions, begin, end);
      db.compactRange(family, begin, end);
      putMeta(META_DROPPED + name, dropBefore);
      droppedBeforeDay.put(name, dropBefore);
      int earliest = firstDay(chunkFamily);
      for (ColumnFamilyHandle f : rollupFamilies.values()) {
        earliest = Math.min(earliest, firstDay(f));
      }
      earliestDay = earliest;
      if (held) {
        LOG.info(
            "dropped {} data before {}",
            name,
            java.time.Instant.ofEpochMilli(Keys.dayStart(dropBefore)));
      }
    }
  }

  private synchronized void trimJournal() throws RocksDBException {
    long oldest = nextSeq;
    for (Entry entry : byId.values()) {
      if (entry.n > 0) {
        oldest = Math.min(oldest, entry.firstSeq);
      }
    }
    if (oldest > trimmedBefore) {
      db.deleteRange(journalFamily, writeOptions, Keys.sequence(0), Keys.sequence(oldest));
      trimmedBefore = oldest;
    }
  }

  private synchronized void forgetSilentSeries(long now) throws RocksDBException {
    long horizon = now - retention.longest().toMillis();
    List<Entry> silent = new ArrayList<>();
    for (Entry entry : byId.values()) {
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
        batch.delete(seriesFamily, SeriesCodec.encode(entry.key));
        batch.delete(seriesByIdFamily, idBytes);
        batch.delete(stateFamily, Keys.state(entry.id));
      }
      db.write(writeOptions, batch);
    }
    List<SeriesKey> forgotten = new ArrayList<>(silent.size());
    for (Entry entry : silent) {
      entries.remove(entry.key);
      byId.remove(entry.id);
      forgotten.add(entry.key);
    }
    index.removeAll(forgotten);
    LOG.info("forgot {} series silent since before every retention", silent.size());
  }

  /** Receives stored chunks, for diagnostics and the compression report. */
  public interface ChunkVisitor {
    /** One chunk of {@code series} (null when the series was forgotten). */
    void chunk(SeriesKey series, Chunk chunk);
  }

  /** Visits every raw chunk on disk, day by day, series by series. */
  public void forEachChunk(ChunkVisitor visitor) {
    checkOpen();
    try (RocksIterator it = db.newIterator(chunkFamily)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        Entry entry = byId.get(Keys.seriesOf(it.key(), Keys.CHUNK));
        visitor.chunk(
            entry == null ? null : entry.key, Chunk.decode(it.value(), Keys.printable(it.key())));
      }
      checkIterator(it);
    }
  }

  /**
   * Writes every open chunk, trims the journal and compacts every column family fully, so that the
   * size on disk can be read: for a store about to be copied or measured. Appends may continue.
   */
  public void compact() {
    flush();
    try {
      for (ColumnFamilyHandle family : families.values()) {
        db.compactRange(family);
      }
    } catch (RocksDBException e) {
      throw new StorageException("cannot compact " + directory + ": " + e.getMessage(), e);
    }
  }

  /**
   * Writes every open chunk and trims the journal, so the next open replays nothing: for a bulk
   * load (an import) that ends without background maintenance. Appends may continue.
   */
  public synchronized void flush() {
    checkWritable();
    try {
      flushHeads(entry -> true);
      trimJournal();
    } catch (RocksDBException e) {
      throw new StorageException("cannot flush " + directory + ": " + e.getMessage(), e);
    }
  }

  /** Bytes of each column family (files and memory tables), by name. */
  public Map<String, Long> familyBytes() {
    Map<String, Long> out = new LinkedHashMap<>();
    families.forEach((name, handle) -> out.put(name, familyBytes(handle)));
    return out;
  }

  // ---------------------------------------------------------------- snapshots and lifecycle

  /**
   * Writes a consistent copy of the store, as of now, into {@code target} (which must not exist)
   * while appends go on: a RocksDB checkpoint, hard links where the file system allows. The copy
   * opens like any store, read-only or not, on this machine or another.
   *
   * @throws StorageException naming the target when the copy cannot be made
   */
  public void snapshot(Path target) {
    checkOpen();
    if (Files.exists(target)) {
      throw new StorageException("snapshot target " + target + " already exists");
    }
    try (Checkpoint checkpoint = Checkpoint.create(db)) {
      db.flushWal(true);
      checkpoint.createCheckpoint(target.toString());
    } catch (RocksDBException e) {
      throw new StorageException("cannot write a snapshot to " + target + ": " + e.getMessage(), e);
    }
  }

  /** Whether appends are refused. */
  public boolean isReadOnly() {
    return readOnly;
  }

  /** The directory this store lives in. */
  public Path directory() {
    return directory;
  }

  private void syncQuietly() {
    synchronized (this) {
      if (closed) {
        return;
      }
      try {
        db.flushWal(true);
      } catch (RocksDBException e) {
        // The next round tries again; appends already reached the operating system.
      }
    }
  }

  @Override
  public void close() {
    if (background != null) {
      background.shutdownNow();
      try {
        background.awaitTermination(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      if (db != null) {
        try {
          if (!readOnly) {
            db.flushWal(true);
          }
        } catch (RocksDBException e) {
          // Closing still proceeds; the WAL already holds every acknowledged batch.
        }
        List<ColumnFamilyHandle> handles = new ArrayList<>(families.values());
        for (int i = handles.size() - 1; i >= 0; i--) {
          handles.get(i).close();
        }
        db.close();
      }
      closeOptions();
    }
  }

  private void closeOptions() {
    writeOptions.close();
    cfOptions.close();
    dbOptions.close();
  }

  // ---------------------------------------------------------------- helpers

  private List<String> resolutionNames() {
    List<String> names = new ArrayList<>();
    names.add(RAW);
    retention.rollups().forEach(r -> names.add(r.name()));
    return names;
  }

  private static byte[] metaKey(String name) {
    return name.getBytes(StandardCharsets.US_ASCII);
  }

  private Long meta(String name) {
    byte[] value = get(metaFamily, metaKey(name));
    return value == null ? null : SeriesCodec.decodeId(value, "meta:" + name);
  }

  private void putMeta(String name, long value) {
    try {
      db.put(metaFamily, writeOptions, metaKey(name), SeriesCodec.encodeId(value));
    } catch (RocksDBException e) {
      throw new StorageException("cannot write " + name + " to " + directory + ": " + e, e);
    }
  }

  private byte[] get(ColumnFamilyHandle family, byte[] key) {
    try {
      return db.get(family, key);
    } catch (RocksDBException e) {
      throw new StorageException("cannot read the store at " + directory + ": " + e, e);
    }
  }

  private static long directorySize(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(Files::isRegularFile)
          .mapToLong(
              f -> {
                try {
                  return Files.size(f);
                } catch (IOException e) {
                  return 0; // a file RocksDB removed while we walked
                }
              })
          .sum();
    } catch (IOException | UncheckedIOException e) {
      return 0;
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new StorageException("the store at " + directory + " is closed");
    }
  }

  private void checkWritable() {
    checkOpen();
    if (readOnly) {
      throw new StorageException("the store at " + directory + " is open read-only");
    }
  }

  private void checkIterator(RocksIterator it) {
    try {
      it.status();
    } catch (RocksDBException e) {
      throw new StorageException("cannot read the store at " + directory + ": " + e, e);
    }
  }

  /** A copy of a series' open chunk. */
  private record Head(long[] ts, double[] vs, int n) {}

  /** A known series and its open chunk; the chunk is changed under the store's lock. */
  private static final class Entry {
    final SeriesKey key;
    final long id;
    final boolean counter;

    /** The open chunk; {@link #n} mirrors its count for readers that take no lock. */
    final HeadChunk head = new HeadChunk();

    volatile int n;
    long firstSeq;
    volatile long lastFlushed = Long.MIN_VALUE;

    Entry(SeriesKey key, long id) {
      this.key = key;
      this.id = id;
      this.counter = Rollups.isCounter(key.metric());
    }

    synchronized long last() {
      return n > 0 ? head.lastTimestamp() : lastFlushed;
    }

    synchronized void append(long timestamp, double value, long seq) {
      if (n == 0) {
        firstSeq = seq;
      }
      head.append(timestamp, value);
      n = head.count();
    }

    synchronized void clearHead() {
      head.clear();
      n = 0;
    }

    synchronized Head snapshot() {
      long[] ts = new long[n];
      double[] vs = new double[n];
      head.decode(ts, vs);
      return new Head(ts, vs, n);
    }
  }
}
