package io.tidemark.storage.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.storage.CorruptValueException;
import io.tidemark.storage.Sample;
import io.tidemark.storage.SeriesKey;
import io.tidemark.storage.SeriesSample;
import io.tidemark.storage.StoreOptions;
import io.tidemark.storage.chunk.Chunk;
import io.tidemark.testkit.ManualClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The head across a clean close ({@code HeadSnapshot/1} in the {@code head} family), and what a
 * crash leaves at every step of a close or of the open after it. A crash's state is a checkpoint of
 * the running store, or a closed store's families changed directly the way the interrupted step
 * would have left them.
 */
class HeadSnapshotTest {

  private static final long T0 = 1_763_000_000_000L; // 2025-11-13T02:13:20Z
  private static final int SERIES = 40;
  private static final int CHUNK = 8;

  @TempDir Path dir;

  private final ManualClock clock = new ManualClock(T0);

  private RocksDbStore open(Path path) {
    return RocksDbStore.open(path, StoreOptions.DEFAULT.withChunkSamples(CHUNK).withClock(clock));
  }

  /** Half CPU counters in seconds with nine decimals, half memory gauges in whole pages. */
  private static SeriesKey series(int i) {
    return i % 2 == 0
        ? SeriesKey.of("container_cpu_usage_seconds_total", "node", "n1", "pod", "p" + i)
        : SeriesKey.of("container_memory_working_set_bytes", "node", "n1", "pod", "p" + i);
  }

  /** Scrapes {@code rounds} times, from round {@code from}, every series once a round. */
  private static void scrape(RocksDbStore store, int from, int rounds) {
    for (int r = from; r < from + rounds; r++) {
      List<SeriesSample> batch = new ArrayList<>();
      for (int i = 0; i < SERIES; i++) {
        long ts = T0 + r * 15_000L + (i * 37L) % 1000;
        double value = i % 2 == 0 ? 1000 + i + r * 0.123456789 : 4e9 + 4096.0 * ((r * 7 + i) % 100);
        batch.add(new SeriesSample(series(i), ts, value));
      }
      store.append(batch);
    }
  }

  /** Scrapes 13 rounds (a chunk of 8 per series written, 5 samples open), closes, returns all. */
  private Map<String, List<Sample>> scrapedAndClosed(Path path) {
    try (RocksDbStore store = open(path)) {
      scrape(store, 0, 13);
      return everything(store);
    }
  }

  /** Every sample of every series, by series. */
  private static Map<String, List<Sample>> everything(RocksDbStore store) {
    Map<String, List<Sample>> out = new TreeMap<>();
    for (int i = 0; i < SERIES; i++) {
      out.put(series(i).toString(), store.read(series(i), Long.MIN_VALUE, Long.MAX_VALUE));
    }
    return out;
  }

  /** The newest three samples of every series, by series. */
  private static Map<String, List<Sample>> newest(RocksDbStore store) {
    Map<String, List<Sample>> out = new TreeMap<>();
    for (int i = 0; i < SERIES; i++) {
      out.put(series(i).toString(), store.lastSamples(series(i), 3));
    }
    return out;
  }

  /** Every stored chunk: its series, first and last time, and count. */
  private static List<String> chunks(RocksDbStore store) {
    List<String> out = new ArrayList<>();
    store.forEachChunk(
        (series, chunk) ->
            out.add(
                series
                    + " "
                    + chunk.firstTimestamp()
                    + ".."
                    + chunk.lastTimestamp()
                    + " "
                    + chunk.count()));
    out.sort(null);
    return out;
  }

  @Test
  void reopenAfterACleanCloseGivesBackTheSameHead() throws Exception {
    Path path = dir.resolve("store");
    Map<String, List<Sample>> all;
    Map<String, List<Sample>> newest;
    try (RocksDbStore store = open(path)) {
      scrape(store, 0, 13); // a chunk of 8 written per series, 5 samples open
      all = everything(store);
      newest = newest(store);
      assertThat(store.stats().headSamples()).isEqualTo(SERIES * 5);
    }
    try (RawRocks raw = RawRocks.open(path)) {
      assertThat(raw.entries("head")).hasSize(SERIES);
      assertThat(raw.entries("journal")).isEmpty();
    }

    try (RocksDbStore store = open(path)) {
      assertThat(everything(store)).isEqualTo(all);
      assertThat(newest(store)).isEqualTo(newest);
      assertThat(store.stats().headSamples()).isEqualTo(SERIES * 5);
      assertThat(store.stats().journalRecords()).isEqualTo(1); // the head, journalled again
      // the order rule holds against restored samples
      assertThat(store.append(List.of(new SeriesSample(series(0), T0, 1))).outOfOrder())
          .isEqualTo(1);
    }
  }

  @Test
  void journalTrimmingKeepsTheRecordsHoldingTheRestoredHead() throws Exception {
    Path path = dir.resolve("store");
    Path crashed = dir.resolve("crashed");
    scrapedAndClosed(path);
    Map<String, List<Sample>> all;
    try (RocksDbStore store = open(path)) {
      scrape(store, 13, 2); // the restored open chunks grow to 7 samples, none completes
      store.maintain(); // trims the journal before the oldest open chunk's record
      assertThat(store.stats().journalRecords()).isEqualTo(3);
      all = everything(store);
      store.snapshot(crashed);
    }

    try (RocksDbStore store = open(crashed)) {
      assertThat(everything(store)).isEqualTo(all);
    }
  }

  @Test
  void chunksCompleteAtTheSameCountAsWithoutAClose() {
    Path closed = dir.resolve("closed");
    Path kept = dir.resolve("kept");
    scrapedAndClosed(closed);
    List<String> closedChunks;
    Map<String, List<Sample>> closedSamples;
    try (RocksDbStore store = open(closed)) {
      scrape(store, 13, 20);
      closedChunks = chunks(store);
      closedSamples = everything(store);
    }
    try (RocksDbStore store = open(kept)) {
      scrape(store, 0, 33);
      assertThat(chunks(store)).isEqualTo(closedChunks).hasSize(SERIES * 4);
      assertThat(everything(store)).isEqualTo(closedSamples);
    }
  }

  @Test
  void aStoreAbandonedWithoutCloseReplaysItsJournal() throws Exception {
    Path crashed = dir.resolve("crashed");
    Map<String, List<Sample>> all;
    try (RocksDbStore store = open(dir.resolve("store"))) {
      scrape(store, 0, 13);
      all = everything(store);
      store.snapshot(crashed); // what a crash now leaves: no close, the journal holds the head
    }
    try (RawRocks raw = RawRocks.open(crashed)) {
      assertThat(raw.entries("head")).isEmpty();
      assertThat(raw.entries("journal")).isNotEmpty();
    }

    try (RocksDbStore store = open(crashed)) {
      assertThat(everything(store)).isEqualTo(all);
      assertThat(store.stats().headSamples()).isEqualTo(SERIES * 5);
    }
  }

  /** A crash during a close, between two writes of snapshot records: the journal is all there. */
  @Test
  void aCrashBetweenTheSnapshotWritesOfACloseLosesNothing() throws Exception {
    crashDuringACloseAfter(SERIES / 2);
  }

  /**
   * A crash during a close, after every snapshot record was written, before the write that deletes
   * the journal: every open chunk is there twice.
   */
  @Test
  void aCrashBeforeTheJournalIsDeletedLosesNothingAndDuplicatesNothing() throws Exception {
    crashDuringACloseAfter(SERIES);
  }

  /** Stages a close interrupted after {@code written} series' snapshot records, then opens it. */
  private void crashDuringACloseAfter(int written) throws Exception {
    Path path = dir.resolve("store");
    Path crashed = dir.resolve("crashed");
    Map<String, List<Sample>> all;
    try (RocksDbStore store = open(path)) {
      scrape(store, 0, 13);
      all = everything(store);
      store.snapshot(crashed);
    }
    List<byte[][]> records;
    try (RawRocks raw = RawRocks.open(path)) {
      records = raw.entries("head");
    }
    try (RawRocks raw = RawRocks.open(crashed)) {
      for (byte[][] record : records.subList(0, written)) {
        raw.put("head", record[0], record[1]);
      }
      assertThat(raw.entries("journal")).isNotEmpty();
    }

    opensWithEverythingAndGoesOn(crashed, all);
  }

  /**
   * Opens a store left by a crash after 13 rounds: every sample is there once, and 20 rounds more
   * give the samples and chunks of a store that never stopped, across a clean close too.
   */
  private void opensWithEverythingAndGoesOn(Path crashed, Map<String, List<Sample>> all) {
    try (RocksDbStore store = open(crashed)) {
      assertThat(everything(store)).isEqualTo(all);
      assertThat(store.stats().headSamples()).isEqualTo(SERIES * 5);
      scrape(store, 13, 20);
    }
    try (RocksDbStore store = open(crashed);
        RocksDbStore kept = open(dir.resolve("kept"))) {
      scrape(kept, 0, 33);
      assertThat(everything(store)).isEqualTo(everything(kept));
      assertThat(chunks(store)).isEqualTo(chunks(kept));
    }
  }

  /**
   * A crash during the open after a clean close, after its first write: half the series' open
   * chunks journalled in one record and their snapshot records deleted, the rest still in the head
   * family.
   */
  @Test
  void aCrashWhileJournallingTheHeadAgainLosesNothing() throws Exception {
    Path path = dir.resolve("store");
    Map<String, List<Sample>> all = scrapedAndClosed(path);
    try (RawRocks raw = RawRocks.open(path);
        WriteBatch batch = new WriteBatch();
        WriteOptions options = new WriteOptions()) {
      List<byte[][]> records = raw.entries("head");
      JournalCodec journal = new JournalCodec(SERIES * 5);
      for (byte[][] record : records.subList(0, SERIES / 2)) {
        Chunk chunk = HeadSnapshot.decode(record[0], record[1]);
        for (int i = 0; i < chunk.count(); i++) {
          journal.add(Keys.seriesOfState(record[0]), chunk.timestamp(i), chunk.value(i));
        }
        batch.delete(raw.family("head"), record[0]);
      }
      batch.put(raw.family("journal"), Keys.sequence(1), journal.finish());
      raw.db.write(options, batch);
    }

    opensWithEverythingAndGoesOn(path, all);
  }

  @Test
  void readOnlyOpenSeesTheHeadOfAClosedStoreAndWritesNothing() throws Exception {
    Path path = dir.resolve("store");
    Map<String, List<Sample>> all = scrapedAndClosed(path);

    try (RocksDbStore store = RocksDbStore.openReadOnly(path)) {
      assertThat(everything(store)).isEqualTo(all);
      assertThat(store.stats().headSamples()).isEqualTo(SERIES * 5);
      assertThat(store.stats().journalRecords()).isZero();
    }
    try (RawRocks raw = RawRocks.open(path)) {
      assertThat(raw.entries("head")).hasSize(SERIES);
      assertThat(raw.entries("journal")).isEmpty();
    }
  }

  @Test
  void aCleanCloseLeavesNoJournalAndNoWriteAheadLog() throws Exception {
    Path path = dir.resolve("store");
    long open;
    try (RocksDbStore store = RocksDbStore.open(path, StoreOptions.DEFAULT.withClock(clock))) {
      for (int round = 0; round < 100; round++) { // nothing completes a chunk of 120
        List<SeriesSample> batch = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
          batch.add(
              new SeriesSample(
                  SeriesKey.of("container_memory_working_set_bytes", "pod", "p" + i),
                  T0 + round * 15_000L + i,
                  4e9 + 4096.0 * ((round * 7 + i) % 1000)));
        }
        store.append(batch);
      }
      open = dataBytes(path);
    }
    long closed = dataBytes(path);

    System.out.printf(
        "50,000 head samples: %,d bytes of SST and WAL files open, %,d closed%n", open, closed);
    assertThat(closed).isLessThan(open / 2);
    try (Stream<Path> files = Files.list(path)) {
      assertThat(files.filter(f -> f.toString().endsWith(".log")))
          .allSatisfy(wal -> assertThat(Files.size(wal)).isLessThan(4096));
    }
    try (RawRocks raw = RawRocks.open(path)) {
      assertThat(raw.entries("journal")).isEmpty();
      assertThat(raw.entries("head")).hasSize(500);
    }
  }

  /** Bytes of the table files and write-ahead logs (not RocksDB's own text log or options). */
  private static long dataBytes(Path store) throws IOException {
    try (Stream<Path> files = Files.list(store)) {
      return files
          .filter(f -> f.toString().endsWith(".sst") || f.toString().endsWith(".log"))
          .mapToLong(
              f -> {
                try {
                  return Files.size(f);
                } catch (IOException e) {
                  return 0; // removed by RocksDB meanwhile
                }
              })
          .sum();
    }
  }

  @Test
  void compactLeavesNoHeadRecordsAndNoJournal() throws Exception {
    Path path = dir.resolve("store");
    Map<String, List<Sample>> all = scrapedAndClosed(path);
    try (RocksDbStore store = open(path)) {
      store.compact();
      assertThat(store.stats().headSamples()).isZero();
    }
    try (RawRocks raw = RawRocks.open(path)) {
      assertThat(raw.entries("head")).isEmpty();
      assertThat(raw.entries("journal")).isEmpty();
    }
    try (RocksDbStore store = RocksDbStore.openReadOnly(path)) {
      assertThat(everything(store)).isEqualTo(all);
    }
  }

  @Test
  void aSnapshotRecordOfAnotherVersionIsReportedWithItsKey() throws Exception {
    Path path = dir.resolve("store");
    try (RocksDbStore store = open(path)) {
      scrape(store, 0, 3);
    }
    byte[] key;
    try (RawRocks raw = RawRocks.open(path)) {
      byte[][] record = raw.entries("head").get(0);
      key = record[0];
      record[1][1] = 2;
      raw.put("head", key, record[1]);
    }

    assertThatThrownBy(() -> open(path))
        .isInstanceOf(CorruptValueException.class)
        .hasMessageContaining("HeadSnapshot/1")
        .hasMessageContaining(Keys.printable(key))
        .hasMessageContaining("found magic 0xe7 version 2");
  }

  @Test
  void recordsOfSeriesNoLongerKnownAreSkippedAndDeleted() throws Exception {
    Path path = dir.resolve("store");
    Map<String, List<Sample>> all;
    try (RocksDbStore store = open(path)) {
      scrape(store, 0, 3);
      all = everything(store);
    }
    byte[] unknown = Keys.state(9_999);
    try (RawRocks raw = RawRocks.open(path)) {
      raw.put("head", unknown, raw.entries("head").get(0)[1]);
    }

    try (RocksDbStore store = open(path)) {
      assertThat(everything(store)).isEqualTo(all);
    }
    try (RawRocks raw = RawRocks.open(path)) {
      assertThat(raw.entries("head"))
          .hasSize(SERIES)
          .noneSatisfy(record -> assertThat(record[0]).isEqualTo(unknown));
    }
  }
}
