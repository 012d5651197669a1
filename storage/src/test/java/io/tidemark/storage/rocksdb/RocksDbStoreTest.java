package io.tidemark.storage.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.storage.Durability;
import io.tidemark.storage.Sample;
import io.tidemark.storage.SeriesKey;
import io.tidemark.storage.StorageException;
import io.tidemark.storage.TimeSeriesStore;
import io.tidemark.storage.TimeSeriesStoreContract;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RocksDbStoreTest extends TimeSeriesStoreContract {

  @TempDir Path dir;

  @Override
  protected TimeSeriesStore newStore() {
    return RocksDbStore.open(dir.resolve("store"));
  }

  @Test
  void keepsSeriesSamplesAndCountsAcrossReopen() {
    store.append(List.of(point(CPU_A, 1000, 1), point(CPU_A, 2000, 2), point(MEM_A, 1000, 5)));
    store.close();

    store = RocksDbStore.open(dir.resolve("store"));

    assertThat(store.read(CPU_A, 0, Long.MAX_VALUE))
        .containsExactly(new Sample(1000, 1), new Sample(2000, 2));
    assertThat(store.findSeries("container_memory_working_set_bytes", Map.of()))
        .containsExactly(MEM_A);
    assertThat(store.stats().series()).isEqualTo(2);
    assertThat(store.stats().samplesIngested()).isEqualTo(3);
  }

  @Test
  void appliesTheOrderRuleAgainstSamplesStoredBeforeReopen() {
    store.append(List.of(point(CPU_A, 2000, 2)));
    store.close();
    store = RocksDbStore.open(dir.resolve("store"));

    assertThat(store.append(List.of(point(CPU_A, 2000, 9), point(CPU_A, 1000, 1))).accepted())
        .isZero();
    assertThat(store.append(List.of(point(CPU_A, 3000, 3))).accepted()).isEqualTo(1);
  }

  @Test
  void assignsNewIdsAfterReopenWithoutReusingOldOnes() {
    store.append(List.of(point(CPU_A, 1, 1)));
    store.close();
    store = RocksDbStore.open(dir.resolve("store"));

    SeriesKey fresh = SeriesKey.of("up", "node", "n2");
    store.append(List.of(point(fresh, 5, 1), point(CPU_A, 5, 7)));

    assertThat(store.read(fresh, 0, 10)).containsExactly(new Sample(5, 1));
    assertThat(store.read(CPU_A, 0, 10)).containsExactly(new Sample(1, 1), new Sample(5, 7));
  }

  @Test
  void syncsEveryWriteWhenAskedAndKeepsTheData() {
    store.close();
    try (RocksDbStore synced = RocksDbStore.open(dir.resolve("synced"), Durability.everyWrite())) {
      synced.append(List.of(point(CPU_A, 1000, 1)));
    }
    try (RocksDbStore reopened = RocksDbStore.open(dir.resolve("synced"))) {
      assertThat(reopened.read(CPU_A, 0, 2000)).containsExactly(new Sample(1000, 1));
    }
    store = newStore();
  }

  @Test
  void syncsInTheBackgroundUnderAWindowAndStopsOnClose() throws Exception {
    store.close();
    RocksDbStore windowed =
        RocksDbStore.open(dir.resolve("windowed"), Durability.window(Duration.ofMillis(20)));
    windowed.append(List.of(point(CPU_A, 1000, 1)));
    Thread.sleep(100); // a few sync rounds run against the open store
    assertThat(syncThreads()).isPositive();

    windowed.close();

    Thread.sleep(100);
    assertThat(syncThreads()).isZero();
    store = newStore();
  }

  private static long syncThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals("tidemark-store") && t.isAlive())
        .count();
  }

  @Test
  void snapshotsWhileRunningAndOpensTheSnapshotReadOnly() {
    store.append(List.of(point(CPU_A, 1000, 1), point(MEM_A, 1000, 5)));
    Path snapshot = dir.resolve("snapshot");

    ((RocksDbStore) store).snapshot(snapshot);
    store.append(List.of(point(CPU_A, 2000, 2)));

    try (RocksDbStore copy = RocksDbStore.openReadOnly(snapshot)) {
      assertThat(copy.isReadOnly()).isTrue();
      assertThat(copy.read(CPU_A, 0, 5000)).containsExactly(new Sample(1000, 1));
      assertThat(copy.stats().series()).isEqualTo(2);
      assertThatThrownBy(() -> copy.append(List.of(point(CPU_A, 3000, 3))))
          .isInstanceOf(StorageException.class)
          .hasMessageContaining("read-only");
    }
    // The running store kept going, and a read-only view of it opens despite its lock.
    try (RocksDbStore live = RocksDbStore.openReadOnly(dir.resolve("store"))) {
      assertThat(live.read(CPU_A, 0, 5000)).hasSize(2);
    }
    assertThatThrownBy(() -> ((RocksDbStore) store).snapshot(snapshot))
        .hasMessageContaining("already exists");
  }

  @Test
  void refusesToOpenNothingReadOnly() {
    assertThatThrownBy(() -> RocksDbStore.openReadOnly(dir.resolve("nothing-here")))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("no store at");
  }

  @Test
  void refusesASecondOpenOfTheSameDirectory() {
    assertThatThrownBy(() -> RocksDbStore.open(dir.resolve("store")))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("in use by another process");
  }
}
