package io.tidemark.storage.rocksdb;

import io.tidemark.storage.AppendResult;
import io.tidemark.storage.Durability;
import io.tidemark.storage.LabelMatcher;
import io.tidemark.storage.Resolution;
import io.tidemark.storage.RetentionPolicy;
import io.tidemark.storage.Sample;
import io.tidemark.storage.SampleBatch;
import io.tidemark.storage.SampleSink;
import io.tidemark.storage.SeriesKey;
import io.tidemark.storage.StorageException;
import io.tidemark.storage.StoreOptions;
import io.tidemark.storage.StoreStats;
import io.tidemark.storage.TimeSeriesStore;
import io.tidemark.storage.chunk.Chunk;
import io.tidemark.storage.rollup.Bucket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.rocksdb.Checkpoint;
import org.rocksdb.RocksDBException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link TimeSeriesStore} in one RocksDB database: a head of open chunks in memory backed by a
 * journal, compressed chunks partitioned by day, and rollup tiers partitioned the same way.
 *
 * <p>Column families, each with a named, versioned layout (grammars in {@link Keys}, {@link
 * SeriesCodec}, {@link JournalCodec}, {@link HeadSnapshot}, {@link Chunk}, {@link RollupCodec} and
 * {@code docs/storage-format.md}); the store's format version is {@value #FORMAT_VERSION}:
 *
 * <pre>
 * default       Meta/1:         ASCII name --> u64 BE
 * series        SeriesLabels/1 --> SeriesId/1
 * series_by_id  SeriesId/1 --> SeriesLabels/1
 * state         StateKey/1 --> SeriesState/1        (newest flushed timestamp per series)
 * journal       JournalKey/1 --> JournalRecord/2    (one record per append)
 * chunks        ChunkKey/1 --> Chunk/1              (raw samples)
 * head          StateKey/1 --> HeadSnapshot/1       (open chunks, only between close and open)
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
 * <p>A clean {@link #close()} writes every open chunk into the {@code head} family, deletes the
 * journal and flushes every memtable, so a stopped store holds no journal and no write-ahead log;
 * the next open takes the open chunks back and journals them again ({@link HeadSnapshot}, which
 * also says why a crash at any moment of either loses nothing).
 *
 * <p>{@link #maintain()} also rolls up each finished day into every rollup tier, and applies
 * retention: whole days are dropped with range deletes, and reads stop at the exact cutoff. A raw
 * day is never dropped before it is rolled up.
 *
 * <p>Thread safety: appends and maintenance writes are serialised; reads run concurrently with them
 * and see every append that returned before they started.
 *
 * <p>Locks, the same as before the store was split into parts: the store's monitor (this object)
 * serialises appends ({@link Appender}), flushes, sealing, journal trimming and forgetting ({@link
 * Maintenance}), {@link #flush()}, the periodic WAL sync, the journal count of {@link #stats()} and
 * {@link #close()} (which writes the head snapshot under it); inside it, each {@link Entry}'s
 * monitor guards that series' open chunk. The order is always the store's monitor, then one
 * entry's. The parts are {@link Families} (the database), {@link Watermarks} (how far the store has
 * got), {@link Head} (the live series and journal replay), {@link HeadSnapshot} (the head across a
 * clean close), {@link Appender}, {@link ChunkReader} and {@link Maintenance}; {@link Appender} and
 * {@link Maintenance} are given this object as their lock, and no part takes any other lock than an
 * entry's monitor.
 */
public final class RocksDbStore implements TimeSeriesStore {

  static final long FORMAT_VERSION = 3;
  private static final Logger LOG = LoggerFactory.getLogger(RocksDbStore.class);

  private final StoreOptions options;
  private final Families families;
  private final Watermarks marks;
  private final Head head = new Head();
  private final Appender appender;
  private final ChunkReader reader;
  private final Maintenance maintenance;
  private final ScheduledExecutorService background;

  /** Whether {@link #load()} completed: only then does {@link #close()} write the head. */
  private volatile boolean loaded;

  private RocksDbStore(Path directory, StoreOptions options, boolean readOnly) {
    this.options = options;
    this.families = Families.open(directory, options, readOnly);
    this.marks = new Watermarks(options.retention());
    this.appender = new Appender(this, families, head, marks, options.chunkSamples());
    this.reader = new ChunkReader(families, head, marks);
    this.maintenance = new Maintenance(this, families, head, marks, appender, options.idleFlush());
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

  private void load() {
    families.checkFormat(FORMAT_VERSION);
    marks.load(families);
    head.load(families);
    marks.earliestDay = Math.min(families.earliestDay(), marks.earliestDay);
    HeadSnapshot snapshot = new HeadSnapshot(families, head);
    snapshot.load();
    head.replay(families);
    if (!families.readOnly) {
      try {
        snapshot.rejournal();
      } catch (RocksDBException e) {
        throw new StorageException(
            "cannot journal the head of the store at " + families.directory + ": " + e, e);
      }
    }
    loaded = true;
  }

  /** The first day still holding data of a resolution ({@code raw}, {@code 5m}, ...), for tests. */
  int firstDay(String resolution) {
    return families.firstDay(families.resolution(resolution));
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

  @Override
  public AppendResult append(SampleBatch batch) {
    return appender.append(batch);
  }

  @Override
  public List<Sample> read(SeriesKey series, long fromMillis, long toMillis) {
    return reader.read(series, fromMillis, toMillis);
  }

  @Override
  public void read(SeriesKey series, long fromMillis, long toMillis, SampleSink sink) {
    reader.read(series, fromMillis, toMillis, sink);
  }

  @Override
  public List<Sample> lastSamples(SeriesKey series, int count) {
    return reader.lastSamples(series, count);
  }

  @Override
  public List<Bucket> rollups(SeriesKey series, String resolution, long fromMillis, long toMillis) {
    return reader.rollups(series, resolution, fromMillis, toMillis);
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
    families.checkOpen();
    return head.index.select(matchers);
  }

  @Override
  public List<String> labelNames() {
    families.checkOpen();
    return head.index.names();
  }

  @Override
  public List<String> labelValues(String name) {
    families.checkOpen();
    return head.index.values(name);
  }

  @Override
  public RetentionPolicy retention() {
    return marks.retention;
  }

  @Override
  public void retention(RetentionPolicy policy) {
    families.checkWritable();
    marks.retention = policy.withSameTiersAs(marks.retention);
    LOG.info(
        "retention changed to raw {}, {}",
        Resolution.name(policy.raw()),
        policy.rollups().stream()
            .map(r -> r.name() + " " + Resolution.name(r.retention()))
            .toList());
  }

  @Override
  public long retainedFrom(String resolution) {
    return marks.retainedFrom(resolution);
  }

  @Override
  public StoreStats stats() {
    long headSeries = 0;
    long headSamples = 0;
    for (Entry entry : head.all()) {
      int n = entry.n;
      if (n > 0) {
        headSeries++;
        headSamples += n;
      }
    }
    List<StoreStats.ResolutionStats> resolutions = new ArrayList<>();
    RetentionPolicy policy = marks.retention;
    resolutions.add(
        new StoreStats.ResolutionStats(
            Families.RAW,
            Resolution.name(policy.raw()),
            families.familyBytes(families.chunks),
            marks.retainedFrom(Families.RAW)));
    for (Resolution r : policy.rollups()) {
      resolutions.add(
          new StoreStats.ResolutionStats(
              r.name(),
              Resolution.name(r.retention()),
              families.familyBytes(families.rollup(r.name())),
              marks.retainedFrom(r.name())));
    }
    int rolled = marks.rolledUpThroughDay;
    long journalRecords;
    synchronized (this) {
      journalRecords = head.nextSeq - head.trimmedBefore;
    }
    return new StoreStats(
        head.size(),
        marks.samplesIngested.get(),
        marks.samplesRejected.get(),
        families.directorySize(),
        headSeries,
        headSamples,
        journalRecords,
        families.isClosed() ? 0 : families.familyBytes(families.journal),
        rolled == Integer.MIN_VALUE ? Long.MIN_VALUE : Keys.dayStart(rolled + 1),
        List.copyOf(resolutions));
  }

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
    families.checkWritable();
    long now = options.clock().millis();
    try {
      maintenance.run(now);
    } catch (RocksDBException e) {
      throw new StorageException(
          "maintenance of " + families.directory + " failed: " + e.getMessage(), e);
    }
  }

  /** Receives stored chunks, for diagnostics and the compression report. */
  public interface ChunkVisitor {
    /** One chunk of {@code series} (null when the series was forgotten). */
    void chunk(SeriesKey series, Chunk chunk);
  }

  /** Visits every raw chunk on disk, day by day, series by series. */
  public void forEachChunk(ChunkVisitor visitor) {
    reader.forEachChunk(visitor);
  }

  /**
   * Writes every open chunk, trims the journal and compacts every column family fully, so that the
   * size on disk can be read: for a store about to be copied or measured. Appends may continue.
   */
  public void compact() {
    flush();
    try {
      families.compactAll();
    } catch (RocksDBException e) {
      throw new StorageException("cannot compact " + families.directory + ": " + e.getMessage(), e);
    }
  }

  /**
   * Writes every open chunk and trims the journal, so the next open replays nothing: for a bulk
   * load (an import) that ends without background maintenance. Appends may continue; {@code
   * Maintenance.flushAll} holds the store's monitor while it writes.
   */
  public void flush() {
    families.checkWritable();
    try {
      maintenance.flushAll();
    } catch (RocksDBException e) {
      throw new StorageException("cannot flush " + families.directory + ": " + e.getMessage(), e);
    }
  }

  /** Bytes of each column family (files and memory tables), by name. */
  public Map<String, Long> familyBytes() {
    return families.familyBytes();
  }

  /**
   * Writes a consistent copy of the store, as of now, into {@code target} (which must not exist)
   * while appends go on: a RocksDB checkpoint, hard links where the file system allows. The copy
   * opens like any store, read-only or not, on this machine or another.
   *
   * @throws StorageException naming the target when the copy cannot be made
   */
  public void snapshot(Path target) {
    families.checkOpen();
    if (Files.exists(target)) {
      throw new StorageException("snapshot target " + target + " already exists");
    }
    try (Checkpoint checkpoint = Checkpoint.create(families.db)) {
      families.db.flushWal(true);
      checkpoint.createCheckpoint(target.toString());
    } catch (RocksDBException e) {
      throw new StorageException("cannot write a snapshot to " + target + ": " + e.getMessage(), e);
    }
  }

  /** Whether appends are refused. */
  public boolean isReadOnly() {
    return families.readOnly;
  }

  /** The directory this store lives in. */
  public Path directory() {
    return families.directory;
  }

  private void syncQuietly() {
    synchronized (this) {
      if (families.isClosed()) {
        return;
      }
      try {
        families.db.flushWal(true);
      } catch (RocksDBException e) {
        // The next round tries again; appends already reached the operating system.
      }
    }
  }

  /**
   * Stops the background work and closes the store. A store opened for writing first writes every
   * open chunk into the {@code head} family, deletes the journal in the same write as the last of
   * them, flushes every memtable (so the write-ahead log is deleted) and compacts the journal away
   * ({@link HeadSnapshot}); if that fails, the journal and the {@code head} family between them
   * still hold the head, taken back at the next open. Holds the store's monitor while it writes.
   */
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
      if (families.isClosed()) {
        return;
      }
      try {
        if (loaded && !families.readOnly) {
          new HeadSnapshot(families, head).write();
        }
      } catch (RocksDBException | RuntimeException e) {
        LOG.warn(
            "could not finish writing the head of {} at close; the journal and the head family"
                + " still hold every open chunk between them: {}",
            families.directory,
            e.toString());
      } finally {
        families.close();
      }
    }
  }
}
