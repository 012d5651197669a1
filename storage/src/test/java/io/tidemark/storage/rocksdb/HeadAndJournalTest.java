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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The head of open chunks, the journal behind it, and what survives a reopen. */
class HeadAndJournalTest {

  private static final SeriesKey CPU =
      SeriesKey.of("container_cpu_usage_seconds_total", "node", "n1", "pod", "a");
  private static final SeriesKey MEM =
      SeriesKey.of("container_memory_working_set_bytes", "node", "n1", "pod", "a");
  private static final long T0 = 1_763_000_000_000L; // 2025-11-13T02:13:20Z

  @TempDir Path dir;

  private final ManualClock clock = new ManualClock(T0);

  private RocksDbStore open() {
    return RocksDbStore.open(
        dir.resolve("store"), StoreOptions.DEFAULT.withChunkSamples(4).withClock(clock));
  }

  private static List<Sample> appendEvery15s(RocksDbStore store, int count, long from) {
    List<Sample> written = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      long ts = from + i * 15_000L + (i % 3) * 7; // irregular by a few milliseconds
      double cpu = 1000.5 + i * 0.25;
      store.append(List.of(new SeriesSample(CPU, ts, cpu), new SeriesSample(MEM, ts, 4e9 + i)));
      written.add(new Sample(ts, cpu));
    }
    return written;
  }

  @Test
  void flushesFullChunksAndKeepsTheRestInTheHead() {
    try (RocksDbStore store = open()) {
      List<Sample> written = appendEvery15s(store, 10, T0);

      assertThat(store.read(CPU, Long.MIN_VALUE, Long.MAX_VALUE)).isEqualTo(written);
      assertThat(
              store.read(CPU, written.get(3).timestampMillis(), written.get(5).timestampMillis()))
          .isEqualTo(written.subList(3, 6));
      assertThat(store.lastSamples(CPU, 4)).isEqualTo(written.subList(6, 10));
      assertThat(store.stats().headSeries()).isEqualTo(2);
      assertThat(store.stats().headSamples()).isEqualTo(4); // 2 chunks of 4 flushed per series
      assertThat(store.stats().journalRecords()).isEqualTo(10);
    }
  }

  @Test
  void replaysTheJournalAtStartUp() {
    List<Sample> written;
    try (RocksDbStore store = open()) {
      written = appendEvery15s(store, 10, T0);
    }
    try (RocksDbStore store = open()) {
      assertThat(store.read(CPU, Long.MIN_VALUE, Long.MAX_VALUE)).isEqualTo(written);
      assertThat(store.stats().headSamples()).isEqualTo(4);
      assertThat(store.stats().samplesIngested()).isEqualTo(20);
      // the order rule holds against replayed samples
      assertThat(store.append(List.of(new SeriesSample(CPU, T0, 1))).outOfOrder()).isEqualTo(1);
      written.addAll(appendEvery15s(store, 3, T0 + 3_600_000));
      assertThat(store.read(CPU, Long.MIN_VALUE, Long.MAX_VALUE)).isEqualTo(written);
    }
  }

  @Test
  void maintenanceFlushesSilentSeriesAndTrimsTheJournal() {
    List<Sample> written;
    try (RocksDbStore store = open()) {
      written = appendEvery15s(store, 6, T0);
      store.maintain();
      assertThat(store.stats().headSamples()).isEqualTo(4); // not silent yet

      clock.set(T0 + 2 * 3_600_000L);
      store.maintain();

      assertThat(store.stats().headSamples()).isZero();
      assertThat(store.stats().journalRecords()).isZero();
      assertThat(store.read(CPU, Long.MIN_VALUE, Long.MAX_VALUE)).isEqualTo(written);
    }
    try (RocksDbStore store = open()) {
      assertThat(store.read(CPU, Long.MIN_VALUE, Long.MAX_VALUE)).isEqualTo(written);
      assertThat(store.lastSamples(CPU, 3)).isEqualTo(written.subList(3, 6));
    }
  }

  @Test
  void neverLetsAChunkCrossMidnight() throws Exception {
    long midnight = (T0 / Keys.DAY_MILLIS + 1) * Keys.DAY_MILLIS;
    List<Sample> written;
    try (RocksDbStore store = open()) {
      written = appendEvery15s(store, 3, midnight - 30_000); // 2 before, 1 after midnight
      written.addAll(appendEvery15s(store, 4, midnight + 15_000));
    }
    List<long[]> chunks = chunkRanges(dir.resolve("store"));
    assertThat(chunks).isNotEmpty();
    for (long[] range : chunks) {
      assertThat(Keys.day(range[0])).isEqualTo(Keys.day(range[1]));
    }
    try (RocksDbStore store = open()) {
      assertThat(store.read(CPU, Long.MIN_VALUE, Long.MAX_VALUE)).isEqualTo(written);
    }
  }

  @Test
  void aCorruptChunkNamesItsKeyAndLeavesOtherSeriesReadable() throws Exception {
    List<Sample> mem = new ArrayList<>();
    try (RocksDbStore store = open()) {
      appendEvery15s(store, 8, T0);
      mem.addAll(store.read(MEM, Long.MIN_VALUE, Long.MAX_VALUE));
    }
    long cpuId;
    try (RocksDbStore store = RocksDbStore.openReadOnly(dir.resolve("store"))) {
      cpuId = 1; // CPU is the first series ever seen
      assertThat(store.read(CPU, Long.MIN_VALUE, Long.MAX_VALUE)).hasSize(8);
    }
    byte[] key = Keys.chunk(Keys.day(T0), cpuId, T0);
    try (RawRocks raw = RawRocks.open(dir.resolve("store"))) {
      raw.put("chunks", key, new byte[] {1, 2});
    }

    try (RocksDbStore store = open()) {
      assertThatThrownBy(() -> store.read(CPU, Long.MIN_VALUE, Long.MAX_VALUE))
          .isInstanceOf(CorruptValueException.class)
          .hasMessageContaining("Chunk/1")
          .hasMessageContaining(Keys.printable(key));
      assertThat(store.read(MEM, Long.MIN_VALUE, Long.MAX_VALUE)).isEqualTo(mem);
    }
  }

  private static List<long[]> chunkRanges(Path store) throws Exception {
    List<long[]> out = new ArrayList<>();
    try (RawRocks raw = RawRocks.open(store)) {
      for (byte[][] entry : raw.entries("chunks")) {
        Chunk chunk = Chunk.decode(entry[1], "test");
        out.add(new long[] {chunk.firstTimestamp(), chunk.lastTimestamp()});
      }
    }
    return out;
  }
}
