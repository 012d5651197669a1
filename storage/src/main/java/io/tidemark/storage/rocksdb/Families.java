package io.tidemark.storage.rocksdb;

import io.tidemark.storage.Resolution;
import io.tidemark.storage.StorageException;
import io.tidemark.storage.StoreOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBufferManager;
import org.rocksdb.WriteOptions;

/**
 * The RocksDB database of one store: its options and memory budget, its column families (one per
 * layout, one per rollup tier, plus any tier no longer configured, opened and left alone), typed
 * {@code Meta/1} reads and writes, the format check, the open/closed state, and closing.
 *
 * <p>Contract: {@link #open} either returns an open database or throws a {@link StorageException}
 * naming the directory, having released everything it allocated. A store of another format version
 * is refused; one written before the {@code head} family existed (format 2 and earlier) is read
 * read-only for its version and left exactly as it was. Every read or write failure is raised as a
 * {@link StorageException} naming the directory.
 *
 * <p>Memory: RocksDB's memtables and block cache stay within about {@link #CACHE_BYTES} (48 MB)
 * together. Every family shares one {@link WriteBufferManager} of {@link #WRITE_BUFFERS_BYTES} (32
 * MB) for all memtables, each at most {@link #WRITE_BUFFER_BYTES} (8 MB), two per family, and one
 * {@link LRUCache} of 48 MB holding data, index and filter blocks, to which the write buffer
 * manager charges the memtables: blocks keep at least 16 MB, and all 48 MB when the memtables are
 * empty. (RocksDB's defaults gave each family 64 MB memtables and kept every index block outside
 * any cache.) At the journal's pace on a 500-node fleet, up to about 100 KB/s, its memtable is
 * written out every minute or two.
 *
 * <p>Thread safety: RocksDB and its handles are thread-safe, and this class takes no lock. {@link
 * #close()} is called once, by the store under the store's monitor; the {@code closed} flag is
 * volatile so that readers taking no lock see it.
 */
final class Families {

  static final String META_FORMAT = "format-version";
  static final String META_INGESTED = "samples-ingested";
  static final String META_ROLLED_UP = "rolled-up-through-day";
  static final String META_RETAINED = "retained-from/";
  static final String META_DROPPED = "dropped-before-day/";
  static final String RAW = "raw";

  private static final String CF_SERIES = "series";
  private static final String CF_SERIES_BY_ID = "series_by_id";
  private static final String CF_STATE = "state";
  private static final String CF_JOURNAL = "journal";
  private static final String CF_CHUNKS = "chunks";
  private static final String CF_HEAD = "head";
  private static final String CF_ROLLUP = "rollup_";

  /** The size of one memtable. */
  static final long WRITE_BUFFER_BYTES = 8L << 20;

  /** The memtables of every family together. */
  static final long WRITE_BUFFERS_BYTES = 32L << 20;

  /** The block cache shared by every family, the memtables charged to it. */
  static final long CACHE_BYTES = 48L << 20;

  static {
    RocksDB.loadLibrary();
  }

  final Path directory;
  final boolean readOnly;
  private final LRUCache cache;
  private final WriteBufferManager writeBuffers;
  private final DBOptions dbOptions;
  private final ColumnFamilyOptions cfOptions;
  final WriteOptions writeOptions;
  final RocksDB db;
  private final Map<String, ColumnFamilyHandle> all = new LinkedHashMap<>();
  final ColumnFamilyHandle meta;
  final ColumnFamilyHandle series;
  final ColumnFamilyHandle seriesById;
  final ColumnFamilyHandle state;
  final ColumnFamilyHandle journal;
  final ColumnFamilyHandle chunks;
  final ColumnFamilyHandle head;
  private final Map<String, ColumnFamilyHandle> rollups = new LinkedHashMap<>();
  private volatile boolean closed;

  private Families(Path directory, StoreOptions options, boolean readOnly) {
    this.directory = directory;
    this.readOnly = readOnly;
    this.cache = new LRUCache(CACHE_BYTES);
    this.writeBuffers = new WriteBufferManager(WRITE_BUFFERS_BYTES, cache);
    this.dbOptions =
        new DBOptions()
            .setCreateIfMissing(true)
            .setCreateMissingColumnFamilies(true)
            .setKeepLogFileNum(3)
            .setMaxTotalWalSize(64L << 20)
            .setWriteBufferManager(writeBuffers);
    this.cfOptions =
        new ColumnFamilyOptions()
            .setCompressionType(CompressionType.LZ4_COMPRESSION)
            .setBottommostCompressionType(CompressionType.ZSTD_COMPRESSION)
            .setWriteBufferSize(WRITE_BUFFER_BYTES)
            .setMaxWriteBufferNumber(2)
            .setTableFormatConfig(
                new BlockBasedTableConfig()
                    .setBlockCache(cache)
                    .setCacheIndexAndFilterBlocks(true)
                    .setPinL0FilterAndIndexBlocksInCache(true));
    this.writeOptions = new WriteOptions().setSync(options.durability().syncEveryWrite());
    List<String> names = new ArrayList<>();
    names.addAll(
        List.of(
            new String(RocksDB.DEFAULT_COLUMN_FAMILY, StandardCharsets.US_ASCII),
            CF_SERIES,
            CF_SERIES_BY_ID,
            CF_STATE,
            CF_JOURNAL,
            CF_CHUNKS,
            CF_HEAD));
    for (Resolution r : options.retention().rollups()) {
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
      List<String> existingFamilies = existingFamilies(directory);
      if (!existingFamilies.isEmpty() && !existingFamilies.contains(CF_HEAD)) {
        refuseEarlierFormat(directory, existingFamilies);
      }
      for (String existing : existingFamilies) {
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
      all.put(names.get(i), handles.get(i));
    }
    this.meta = handles.get(0);
    this.series = all.get(CF_SERIES);
    this.seriesById = all.get(CF_SERIES_BY_ID);
    this.state = all.get(CF_STATE);
    this.journal = all.get(CF_JOURNAL);
    this.chunks = all.get(CF_CHUNKS);
    this.head = all.get(CF_HEAD);
    for (Resolution r : options.retention().rollups()) {
      rollups.put(r.name(), all.get(CF_ROLLUP + r.name()));
    }
  }

  /**
   * Opens (or, unless {@code readOnly}, creates) the database in {@code directory} with a family
   * for each of the options' rollup tiers.
   *
   * @throws StorageException when the directory cannot be used or is locked by another process
   */
  static Families open(Path directory, StoreOptions options, boolean readOnly) {
    return new Families(directory, options, readOnly);
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
   * Checks the store's {@code format-version}, writing {@code version} into a new store.
   *
   * @throws StorageException when a read-only directory holds no store, or the store has another
   *     version
   */
  void checkFormat(long version) {
    Long format = meta(META_FORMAT);
    if (format == null && readOnly) {
      throw new StorageException("no Tidemark store at " + directory);
    } else if (format == null) {
      putMeta(META_FORMAT, version);
    } else if (format != version) {
      throw new StorageException(formatMismatch(directory, format, version));
    }
  }

  /**
   * Refuses a store written before the {@code head} family existed, having read its version with
   * RocksDB opened read-only, so that nothing in it changes. Returns when it holds no version (an
   * empty or foreign database, opened as before).
   */
  private static void refuseEarlierFormat(Path directory, List<String> names)
      throws RocksDBException {
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    Long format = null;
    try (ColumnFamilyOptions options = new ColumnFamilyOptions();
        DBOptions db = new DBOptions()) {
      List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
      for (String name : names) {
        descriptors.add(
            new ColumnFamilyDescriptor(name.getBytes(StandardCharsets.US_ASCII), options));
      }
      try (RocksDB old = RocksDB.openReadOnly(db, directory.toString(), descriptors, handles)) {
        byte[] value = old.get(metaKey(META_FORMAT));
        if (value != null) {
          format = SeriesCodec.decodeId(value, "meta:" + META_FORMAT);
        }
      } finally {
        handles.forEach(ColumnFamilyHandle::close);
      }
    }
    if (format != null) {
      throw new StorageException(formatMismatch(directory, format, RocksDbStore.FORMAT_VERSION));
    }
  }

  /** What to say about a store of another format version, and how to convert it. */
  static String formatMismatch(Path directory, long found, long expected) {
    return "the store at "
        + directory
        + " has format version "
        + found
        + "; this version of Tidemark reads version "
        + expected
        + ". To convert it, export its history with the Tidemark that wrote it: `tidemark export"
        + " --storage "
        + directory
        + " --output history.om`, then import the file into a new store with this one:"
        + " `tidemark import --storage NEW_DIR history.om`, and set storage.path to NEW_DIR (raw"
        + " samples carry over and are rolled up again; rollups of days whose raw samples"
        + " retention already dropped do not)";
  }

  /** The family of rollup tier {@code name}, or null when the tier is not configured. */
  ColumnFamilyHandle rollup(String name) {
    return rollups.get(name);
  }

  /** The family holding the data of a resolution: {@code raw} or a rollup tier's name. */
  ColumnFamilyHandle resolution(String name) {
    return name.equals(RAW) ? chunks : rollups.get(name);
  }

  /** The first day holding data in {@code family} (chunks or a rollup tier), or MAX_VALUE. */
  int firstDay(ColumnFamilyHandle family) {
    try (RocksIterator it = db.newIterator(family)) {
      it.seekToFirst();
      if (it.isValid()) {
        return Keys.dayOf(it.key(), family == chunks ? Keys.CHUNK : Keys.ROLLUP);
      }
      checkIterator(it);
      return Integer.MAX_VALUE;
    }
  }

  /** The first day holding raw chunks or any configured tier's rollups, or MAX_VALUE. */
  int earliestDay() {
    int earliest = firstDay(chunks);
    for (ColumnFamilyHandle family : rollups.values()) {
      earliest = Math.min(earliest, firstDay(family));
    }
    return earliest;
  }

  static byte[] metaKey(String name) {
    return name.getBytes(StandardCharsets.US_ASCII);
  }

  /** The {@code Meta/1} value {@code name}, or null when it was never written. */
  Long meta(String name) {
    byte[] value = get(meta, metaKey(name));
    return value == null ? null : SeriesCodec.decodeId(value, "meta:" + name);
  }

  /** Writes the {@code Meta/1} value {@code name} on its own. */
  void putMeta(String name, long value) {
    try {
      db.put(meta, writeOptions, metaKey(name), SeriesCodec.encodeId(value));
    } catch (RocksDBException e) {
      throw new StorageException("cannot write " + name + " to " + directory + ": " + e, e);
    }
  }

  byte[] get(ColumnFamilyHandle family, byte[] key) {
    try {
      return db.get(family, key);
    } catch (RocksDBException e) {
      throw new StorageException("cannot read the store at " + directory + ": " + e, e);
    }
  }

  void checkIterator(RocksIterator it) {
    try {
      it.status();
    } catch (RocksDBException e) {
      throw new StorageException("cannot read the store at " + directory + ": " + e, e);
    }
  }

  /** Bytes of one family (files and memory tables); 0 once closed or when RocksDB cannot say. */
  long familyBytes(ColumnFamilyHandle family) {
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

  /** Bytes of each column family, by name, in the order they were opened. */
  Map<String, Long> familyBytes() {
    Map<String, Long> out = new LinkedHashMap<>();
    all.forEach((name, handle) -> out.put(name, familyBytes(handle)));
    return out;
  }

  /**
   * Writes every family's memtable to disk and waits, so that no write-ahead log file is needed any
   * more and RocksDB deletes them.
   */
  void flushMemtables() throws RocksDBException {
    try (FlushOptions wait = new FlushOptions().setWaitForFlush(true)) {
      db.flush(wait, new ArrayList<>(all.values()));
    }
  }

  /** Compacts every column family fully. */
  void compactAll() throws RocksDBException {
    for (ColumnFamilyHandle family : all.values()) {
      db.compactRange(family);
    }
  }

  /** Bytes of every file under the directory; 0 when it cannot be walked. */
  long directorySize() {
    try (Stream<Path> files = Files.walk(directory)) {
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

  boolean isClosed() {
    return closed;
  }

  void checkOpen() {
    if (closed) {
      throw new StorageException("the store at " + directory + " is closed");
    }
  }

  void checkWritable() {
    checkOpen();
    if (readOnly) {
      throw new StorageException("the store at " + directory + " is open read-only");
    }
  }

  /**
   * Marks the database closed, syncs the write-ahead log (unless read-only), and releases every
   * handle, option, the write buffer manager and the cache. Called once, under the store's monitor.
   */
  void close() {
    closed = true;
    try {
      if (!readOnly) {
        db.flushWal(true);
      }
    } catch (RocksDBException e) {
      // Closing still proceeds; the WAL already holds every acknowledged batch.
    }
    List<ColumnFamilyHandle> handles = new ArrayList<>(all.values());
    for (int i = handles.size() - 1; i >= 0; i--) {
      handles.get(i).close();
    }
    db.close();
    closeOptions();
  }

  private void closeOptions() {
    writeOptions.close();
    cfOptions.close();
    dbOptions.close();
    writeBuffers.close();
    cache.close();
  }
}
