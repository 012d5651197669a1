package io.tidemark.storage.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.storage.AppendResult;
import io.tidemark.storage.Sample;
import io.tidemark.storage.SampleBatch;
import io.tidemark.storage.SeriesKey;
import io.tidemark.storage.SeriesRef;
import io.tidemark.storage.StoreOptions;
import io.tidemark.testkit.ManualClock;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Appends by columns and by series handle: the scrape path, and the grouped import path. */
class SampleBatchAppendTest {

  private static final long T0 = 1_763_000_000_000L;
  private static final SeriesKey CPU =
      SeriesKey.of("container_cpu_usage_seconds_total", "node", "n1", "pod", "a");
  private static final SeriesKey MEM =
      SeriesKey.of("container_memory_working_set_bytes", "node", "n1", "pod", "a");

  @TempDir Path dir;

  private final ManualClock clock = new ManualClock(T0);

  private RocksDbStore open(String name) {
    return RocksDbStore.open(
        dir.resolve(name), StoreOptions.DEFAULT.withChunkSamples(4).withClock(clock));
  }

  @Test
  void handsOutHandlesThatLaterAppendsUseInsteadOfKeys() {
    try (RocksDbStore store = open("a")) {
      SampleBatch batch = new SampleBatch(2);
      batch.add(CPU, T0, 1);
      batch.add(MEM, T0, 5);
      store.append(batch);
      SeriesRef cpu = batch.ref(0);
      SeriesRef mem = batch.ref(1);
      assertThat(cpu.key()).isEqualTo(CPU);
      assertThat(mem.key()).isEqualTo(MEM);

      for (int i = 1; i < 10; i++) {
        batch.clear();
        batch.add(cpu, T0 + i * 15_000L, 1 + i);
        batch.add(mem, T0 + i * 15_000L, 5 + i);
        assertThat(store.append(batch).accepted()).isEqualTo(2);
        assertThat(batch.ref(0)).isSameAs(cpu);
      }

      assertThat(store.read(CPU, 0, Long.MAX_VALUE)).hasSize(10).last().isEqualTo(sample(9, 10));
      assertThat(store.read(MEM, 0, Long.MAX_VALUE)).hasSize(10).first().isEqualTo(sample(0, 5));
      assertThat(store.stats().series()).isEqualTo(2);
    }
  }

  @Test
  void scrapesOneAtATimeStoreTheSameChunksAsOneGroupedAppend() {
    List<String> oneAtATime;
    List<String> grouped;
    try (RocksDbStore store = open("single")) {
      for (int i = 0; i < 11; i++) {
        SampleBatch batch = new SampleBatch(2);
        batch.add(CPU, T0 + i * 15_000L, i * 0.5);
        batch.add(MEM, T0 + i * 15_000L, 4e9 + i);
        store.append(batch);
      }
      oneAtATime = chunks(store);
      assertThat(store.read(CPU, 0, Long.MAX_VALUE)).hasSize(11);
    }
    try (RocksDbStore store = open("grouped")) {
      SampleBatch batch = new SampleBatch(22);
      for (int i = 0; i < 11; i++) {
        batch.add(CPU, T0 + i * 15_000L, i * 0.5);
        batch.add(MEM, T0 + i * 15_000L, 4e9 + i);
      }
      assertThat(store.append(batch).accepted()).isEqualTo(22);
      grouped = chunks(store);
    }
    assertThat(oneAtATime).hasSize(4).isEqualTo(grouped); // two full chunks of 4 per series
  }

  @Test
  void sealsTheOpenChunkWhenADayEndsOnTheScrapePath() {
    long lastOfDay = Keys.dayStart(Keys.day(T0) + 1) - 1;
    try (RocksDbStore store = open("day")) {
      SampleBatch batch = new SampleBatch(1);
      batch.add(CPU, lastOfDay - 15_000, 1);
      store.append(batch);
      SeriesRef cpu = batch.ref(0);
      batch.clear();
      batch.add(cpu, lastOfDay, 2);
      store.append(batch);
      batch.clear();
      batch.add(cpu, lastOfDay + 1, 3);
      store.append(batch);

      assertThat(chunks(store)).containsExactly(CPU + " from " + (lastOfDay - 15_000) + " x2");
      assertThat(store.read(CPU, 0, Long.MAX_VALUE))
          .containsExactly(
              new Sample(lastOfDay - 15_000, 1),
              new Sample(lastOfDay, 2),
              new Sample(lastOfDay + 1, 3));
    }
  }

  @Test
  void countsDuplicatesAndOutOfOrderSamplesOnTheScrapePath() {
    try (RocksDbStore store = open("order")) {
      SampleBatch batch = new SampleBatch(2);
      batch.add(CPU, T0 + 2000, 1);
      batch.add(MEM, T0 + 2000, 1);
      store.append(batch);
      SeriesRef cpu = batch.ref(0);
      SeriesRef mem = batch.ref(1);
      batch.clear();
      batch.add(cpu, T0 + 2000, 9); // same timestamp: a duplicate
      batch.add(mem, T0 + 1000, 9); // older: rejected

      AppendResult result = store.append(batch);

      assertThat(result).isEqualTo(new AppendResult(0, 1, 1));
      assertThat(batch.ref(0)).isSameAs(cpu);
      assertThat(store.read(CPU, 0, Long.MAX_VALUE)).containsExactly(new Sample(T0 + 2000, 1));
      assertThat(store.stats().samplesRejected()).isEqualTo(1);
    }
  }

  @Test
  void aHandleOfAnotherStoreIsFoundByItsKeyAndLeavesThatStoreAlone() {
    try (RocksDbStore first = open("first");
        RocksDbStore second = open("second")) {
      SampleBatch batch = new SampleBatch(1);
      batch.add(CPU, T0, 1);
      first.append(batch);
      SeriesRef foreign = batch.ref(0);

      batch.clear();
      batch.add(foreign, T0 + 15_000, 2);
      second.append(batch);

      assertThat(batch.ref(0)).isNotSameAs(foreign);
      assertThat(second.read(CPU, 0, Long.MAX_VALUE)).containsExactly(new Sample(T0 + 15_000, 2));
      assertThat(first.read(CPU, 0, Long.MAX_VALUE)).containsExactly(new Sample(T0, 1));
    }
  }

  @Test
  void aHandleFromBeforeAReopenIsFoundByItsKey() {
    SeriesRef old;
    try (RocksDbStore store = open("reopen")) {
      SampleBatch batch = new SampleBatch(1);
      batch.add(CPU, T0, 1);
      store.append(batch);
      old = batch.ref(0);
    }
    try (RocksDbStore store = open("reopen")) {
      SampleBatch batch = new SampleBatch(1);
      batch.add(old, T0 + 15_000, 2);
      store.append(batch);
      assertThat(store.read(CPU, 0, Long.MAX_VALUE))
          .containsExactly(new Sample(T0, 1), new Sample(T0 + 15_000, 2));
      assertThat(store.stats().series()).isEqualTo(1);
    }
  }

  private static Sample sample(int i, double value) {
    return new Sample(T0 + i * 15_000L, value);
  }

  private static List<String> chunks(RocksDbStore store) {
    List<String> out = new ArrayList<>();
    store.forEachChunk(
        (series, chunk) ->
            out.add(series + " from " + chunk.firstTimestamp() + " x" + chunk.count()));
    out.sort(null);
    return out;
  }
}
