package io.tidemark.storage.rocksdb;

import io.tidemark.storage.AppendResult;
import io.tidemark.storage.Durability;
import io.tidemark.storage.LabelMatcher;
import io.tidemark.storage.Sample;
import io.tidemark.storage.SeriesIndex;
import io.tidemark.storage.SeriesKey;
import io.tidemark.storage.SeriesSample;
import io.tidemark.storage.StorageException;
import io.tidemark.storage.StoreStats;
import io.tidemark.storage.TimeSeriesStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
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
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * A {@link TimeSeriesStore} in one RocksDB database.
 *
 * <p>Column families, each with a named, versioned layout:
 *
 * <pre>
 * default       Meta/1:         MetaKey(ASCII) --> u64 BE
 *                               "format-version" --> 1, "samples-ingested" --> total accepted
 * series        SeriesLabels/1 --> SeriesId/1        (label set to number, see SeriesCodec)
 * series_by_id  SeriesId/1 --> SeriesLabels/1        (number to label set)
 * samples       RawSample/1:    SeriesId, Timestamp --> Value   (see SampleCodec)
 * </pre>
 *
 * <p>Every {@link #append} is one atomic {@code WriteBatch} through RocksDB's write-ahead log,
 * which survives a crash of the process (the log is written to the operating system before the call
 * returns); a crash of the machine may lose the writes not yet synced by the OS. The whole series
 * dictionary is held in memory, loaded at open.
 *
 * <p>Thread safety: appends are serialised; reads run concurrently with them.
 */
public final class RocksDbStore implements TimeSeriesStore {

  static final long FORMAT_VERSION = 1;

  private static final byte[] META_FORMAT = "format-version".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] META_INGESTED =
      "samples-ingested".getBytes(StandardCharsets.US_ASCII);
  private static final String CF_SERIES = "series";
  private static final String CF_SERIES_BY_ID = "series_by_id";
  private static final String CF_SAMPLES = "samples";

  static {
    RocksDB.loadLibrary();
  }

  private final Path directory;
  private final DBOptions dbOptions;
  private final ColumnFamilyOptions cfOptions;
  private final WriteOptions writeOptions;
  private final RocksDB db;
  private final ColumnFamilyHandle metaFamily;
  private final ColumnFamilyHandle seriesFamily;
  private final ColumnFamilyHandle seriesByIdFamily;
  private final ColumnFamilyHandle samplesFamily;

  private final Map<SeriesKey, Long> ids = new ConcurrentHashMap<>();
  private final SeriesIndex index = new SeriesIndex();
  private final Map<Long, Long> lastTimestamps = new ConcurrentHashMap<>();
  private final AtomicLong samplesIngested = new AtomicLong();
  private final AtomicLong samplesRejected = new AtomicLong();
  private long nextId;
  private volatile boolean closed;

  private final ScheduledExecutorService syncer;

  private final boolean readOnly;

  private RocksDbStore(Path directory, Durability durability, boolean readOnly) {
    this.directory = directory;
    this.readOnly = readOnly;
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
    this.writeOptions = new WriteOptions().setSync(durability.syncEveryWrite());
    List<ColumnFamilyDescriptor> descriptors =
        List.of(
            new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, cfOptions),
            new ColumnFamilyDescriptor(CF_SERIES.getBytes(StandardCharsets.US_ASCII), cfOptions),
            new ColumnFamilyDescriptor(
                CF_SERIES_BY_ID.getBytes(StandardCharsets.US_ASCII), cfOptions),
            new ColumnFamilyDescriptor(CF_SAMPLES.getBytes(StandardCharsets.US_ASCII), cfOptions));
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    try {
      if (readOnly) {
        if (!Files.isDirectory(directory)) {
          throw new StorageException("no store at " + directory);
        }
        this.db = RocksDB.openReadOnly(dbOptions, directory.toString(), descriptors, handles);
      } else {
        Files.createDirectories(directory);
        this.db = RocksDB.open(dbOptions, directory.toString(), descriptors, handles);
      }
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
    }
    this.syncer = durability.syncEveryWrite() || readOnly ? null : startSyncer(durability.window());
    this.metaFamily = handles.get(0);
    this.seriesFamily = handles.get(1);
    this.seriesByIdFamily = handles.get(2);
    this.samplesFamily = handles.get(3);
  }

  /**
   * Opens the store in {@code directory}, creating it if missing.
   *
   * @throws StorageException when the directory cannot be used, is locked by another process, or
   *     holds a store of a format this version does not read
   */
  public static RocksDbStore open(Path directory) {
    return open(directory, Durability.window(java.time.Duration.ofSeconds(1)));
  }

  /**
   * Opens the store in {@code directory} with the given durability, creating it if missing.
   *
   * @throws StorageException when the directory cannot be used, is locked by another process, or
   *     holds a store of a format this version does not read
   */
  public static RocksDbStore open(Path directory, Durability durability) {
    return open(new RocksDbStore(directory, durability, false));
  }

  /**
   * Opens an existing store or snapshot for reading only, for offline analysis: no process lock is
   * taken, so a copy can be read while another process owns the original; appends fail.
   *
   * @throws StorageException when there is no readable store in {@code directory}
   */
  public static RocksDbStore openReadOnly(Path directory) {
    return open(new RocksDbStore(directory, Durability.everyWrite(), true));
  }

  private static RocksDbStore open(RocksDbStore store) {
    try {
      store.load();
      return store;
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
  }

  private void load() {
    try {
      byte[] format = db.get(metaFamily, META_FORMAT);
      if (format == null && readOnly) {
        throw new StorageException("no Tidemark store at " + directory);
      } else if (format == null) {
        db.put(metaFamily, writeOptions, META_FORMAT, SeriesCodec.encodeId(FORMAT_VERSION));
      } else {
        long version = SeriesCodec.decodeId(format, "meta:format-version");
        if (version != FORMAT_VERSION) {
          throw new StorageException(
              "the store at "
                  + directory
                  + " has format version "
                  + version
                  + "; this version of Tidemark reads version "
                  + FORMAT_VERSION);
        }
      }
      byte[] ingested = db.get(metaFamily, META_INGESTED);
      samplesIngested.set(
          ingested == null ? 0 : SeriesCodec.decodeId(ingested, "meta:samples-ingested"));
    } catch (RocksDBException e) {
      throw new StorageException("cannot read the metadata of " + directory + ": " + e, e);
    }
    long maxId = 0;
    try (RocksIterator it = db.newIterator(seriesFamily)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        byte[] key = it.key();
        SeriesKey series = SeriesCodec.decode(key, "series:" + SeriesCodec.printable(key));
        long id = SeriesCodec.decodeId(it.value(), "series:" + series);
        remember(series, id);
        maxId = Math.max(maxId, id);
      }
      checkIterator(it);
    }
    nextId = maxId + 1;
  }

  private void remember(SeriesKey series, long id) {
    ids.put(series, id);
    index.add(series);
  }

  @Override
  public synchronized AppendResult append(List<SeriesSample> samples) {
    checkOpen();
    if (readOnly) {
      throw new StorageException("the store at " + directory + " is open read-only");
    }
    Map<SeriesKey, Long> newIds = new HashMap<>();
    Map<Long, Long> newLast = new HashMap<>();
    int accepted = 0;
    int duplicates = 0;
    int outOfOrder = 0;
    try (WriteBatch batch = new WriteBatch()) {
      long next = nextId;
      for (SeriesSample sample : samples) {
        Long id = ids.get(sample.series());
        if (id == null) {
          id = newIds.get(sample.series());
        }
        if (id == null) {
          id = next++;
          newIds.put(sample.series(), id);
          byte[] labels = SeriesCodec.encode(sample.series());
          byte[] idBytes = SeriesCodec.encodeId(id);
          batch.put(seriesFamily, labels, idBytes);
          batch.put(seriesByIdFamily, idBytes, labels);
        }
        Long last = newLast.get(id);
        if (last == null) {
          last = lastTimestamp(id);
        }
        long ts = sample.timestampMillis();
        if (last != null && ts == last) {
          duplicates++;
          continue;
        }
        if (last != null && ts < last) {
          outOfOrder++;
          continue;
        }
        batch.put(samplesFamily, SampleCodec.key(id, ts), SampleCodec.value(sample.value()));
        newLast.put(id, ts);
        accepted++;
      }
      long total = samplesIngested.get() + accepted;
      batch.put(metaFamily, META_INGESTED, SeriesCodec.encodeId(total));
      db.write(writeOptions, batch);
      // Only what is durable becomes visible to the in-memory state.
      nextId = next;
      newIds.forEach(this::remember);
      lastTimestamps.putAll(newLast);
      samplesIngested.set(total);
      samplesRejected.addAndGet(outOfOrder);
      return new AppendResult(accepted, duplicates, outOfOrder);
    } catch (RocksDBException e) {
      throw new StorageException(
          "cannot write " + samples.size() + " samples to " + directory + ": " + e.getMessage(), e);
    }
  }

  /** The newest timestamp of a series, or {@code null} when it has no sample. */
  private Long lastTimestamp(long id) {
    Long cached = lastTimestamps.get(id);
    if (cached != null) {
      return cached;
    }
    try (RocksIterator it = db.newIterator(samplesFamily)) {
      it.seekForPrev(SampleCodec.key(id, Long.MAX_VALUE));
      if (it.isValid() && SampleCodec.seriesId(it.key()) == id) {
        return SampleCodec.timestamp(it.key());
      }
      checkIterator(it);
      return null;
    }
  }

  @Override
  public List<Sample> read(SeriesKey series, long fromMillis, long toMillis) {
    checkOpen();
    Long id = ids.get(series);
    if (id == null || fromMillis > toMillis) {
      return List.of();
    }
    List<Sample> out = new ArrayList<>();
    try (RocksIterator it = db.newIterator(samplesFamily)) {
      for (it.seek(SampleCodec.key(id, fromMillis)); it.isValid(); it.next()) {
        byte[] key = it.key();
        if (SampleCodec.seriesId(key) != id) {
          break;
        }
        long ts = SampleCodec.timestamp(key);
        if (ts > toMillis) {
          break;
        }
        out.add(new Sample(ts, SampleCodec.value(key, it.value())));
      }
      checkIterator(it);
    }
    return out;
  }

  @Override
  public List<Sample> lastSamples(SeriesKey series, int count) {
    checkOpen();
    Long id = ids.get(series);
    if (id == null || count <= 0) {
      return List.of();
    }
    List<Sample> out = new ArrayList<>(count);
    try (RocksIterator it = db.newIterator(samplesFamily)) {
      for (it.seekForPrev(SampleCodec.key(id, Long.MAX_VALUE));
          it.isValid() && out.size() < count;
          it.prev()) {
        byte[] key = it.key();
        if (SampleCodec.seriesId(key) != id) {
          break;
        }
        out.add(new Sample(SampleCodec.timestamp(key), SampleCodec.value(key, it.value())));
      }
      checkIterator(it);
    }
    Collections.reverse(out);
    return out;
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
  public StoreStats stats() {
    return new StoreStats(
        ids.size(), samplesIngested.get(), samplesRejected.get(), directorySize(directory));
  }

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

  private ScheduledExecutorService startSyncer(java.time.Duration window) {
    ScheduledExecutorService executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "tidemark-wal-sync");
              thread.setDaemon(true);
              return thread;
            });
    long millis = Math.max(1, window.toMillis());
    executor.scheduleWithFixedDelay(this::syncQuietly, millis, millis, TimeUnit.MILLISECONDS);
    return executor;
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
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (syncer != null) {
      syncer.shutdownNow();
    }
    if (db != null) {
      try {
        if (!readOnly) {
          db.flushWal(true);
        }
      } catch (RocksDBException e) {
        // Closing still proceeds; the WAL already holds every acknowledged batch.
      }
      for (ColumnFamilyHandle handle :
          new ColumnFamilyHandle[] {samplesFamily, seriesByIdFamily, seriesFamily, metaFamily}) {
        if (handle != null) {
          handle.close();
        }
      }
      db.close();
    }
    closeOptions();
  }

  private void closeOptions() {
    writeOptions.close();
    cfOptions.close();
    dbOptions.close();
  }

  private void checkOpen() {
    if (closed) {
      throw new StorageException("the store at " + directory + " is closed");
    }
  }

  private void checkIterator(RocksIterator it) {
    try {
      it.status();
    } catch (RocksDBException e) {
      throw new StorageException("cannot read the store at " + directory + ": " + e, e);
    }
  }
}
