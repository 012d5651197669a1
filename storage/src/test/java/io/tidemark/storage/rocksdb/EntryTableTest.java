package io.tidemark.storage.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.storage.SeriesKey;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The live series' table: by key and by id, through growth, removal and concurrent readers. */
class EntryTableTest {

  private static Entry entry(long id) {
    return new Entry(SeriesKey.of("container_memory_working_set_bytes", "pod", "p" + id), id);
  }

  @Test
  void findsEveryEntryByKeyAndByIdThroughGrowth() {
    EntryTable table = new EntryTable();
    List<Entry> added = new ArrayList<>();
    for (long id = 1; id <= 50_000; id++) {
      Entry e = entry(id);
      table.put(e);
      added.add(e);
    }
    assertThat(table.size()).isEqualTo(50_000);
    for (Entry e : added) {
      assertThat(table.get(e.key)).isSameAs(e);
      assertThat(table.get(e.id)).isSameAs(e);
    }
    assertThat(table.get(SeriesKey.of("container_memory_working_set_bytes", "pod", "none")))
        .isNull();
    assertThat(table.get(0L)).isNull();
    assertThat(table.get(50_001L)).isNull();
    assertThat(table.get(1L << 40)).isNull();
    assertThat(table.get(-1L)).isNull();
  }

  @Test
  void iteratesInIdOrderAndSkipsRemovedEntries() {
    EntryTable table = new EntryTable();
    for (long id = 1; id <= 3_000; id++) {
      table.put(entry(id));
    }
    for (long id = 1; id <= 3_000; id += 2) {
      table.remove(table.get(id));
    }
    List<Long> ids = new ArrayList<>();
    table.forEach(e -> ids.add(e.id));
    assertThat(ids).hasSize(1_500).isSorted().allMatch(id -> id % 2 == 0);
    assertThat(table.size()).isEqualTo(1_500);
    assertThat(table.get(entry(3).key)).isNull();
    assertThat(table.get(entry(4).key).id).isEqualTo(4);
  }

  @Test
  void aKeyRemovedAndAddedAgainUnderANewIdIsFoundOnce() {
    EntryTable table = new EntryTable();
    Entry first = entry(7);
    table.put(first);
    table.remove(first);
    Entry again = new Entry(first.key, 9);
    table.put(again);
    assertThat(table.get(first.key)).isSameAs(again);
    assertThat(table.get(7L)).isNull();
    assertThat(table.get(9L)).isSameAs(again);
    List<Entry> all = new ArrayList<>();
    table.forEach(all::add);
    assertThat(all).containsExactly(again);
  }

  @Test
  void refusesAKnownKeyOrId() {
    EntryTable table = new EntryTable();
    Entry e = entry(3);
    table.put(e);
    assertThatThrownBy(() -> table.put(new Entry(e.key, 4)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> table.put(entry(3))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void removingMostEntriesShrinksAndKeepsTheRestFindable() {
    EntryTable table = new EntryTable();
    for (long id = 1; id <= 40_000; id++) {
      table.put(entry(id));
    }
    for (long id = 1; id <= 39_900; id++) {
      table.remove(table.get(id));
    }
    assertThat(table.size()).isEqualTo(100);
    for (long id = 39_901; id <= 40_000; id++) {
      assertThat(table.get(entry(id).key).id).isEqualTo(id);
      assertThat(table.get(id).id).isEqualTo(id);
    }
    table.put(entry(40_001));
    assertThat(table.get(40_001L)).isNotNull();
  }

  @Test
  void aReaderWithoutALockFindsEveryEntryAddedBeforeItLooked() throws Exception {
    EntryTable table = new EntryTable();
    int count = 200_000;
    Entry[] entries = new Entry[count + 1];
    for (int id = 1; id <= count; id++) {
      entries[id] = entry(id);
    }
    AtomicInteger published = new AtomicInteger();
    AtomicReference<String> failure = new AtomicReference<>();
    Thread reader =
        new Thread(
            () -> {
              int checks = 0;
              while (published.get() < count && failure.get() == null) {
                int upTo = published.get();
                if (upTo == 0) {
                  continue;
                }
                int id = 1 + (checks++ * 7919) % upTo;
                if (table.get(entries[id].key) != entries[id] || table.get(id) != entries[id]) {
                  failure.set("series " + id + " of " + upTo + " not found");
                }
              }
            });
    reader.start();
    for (int id = 1; id <= count; id++) {
      table.put(entries[id]);
      published.set(id);
    }
    reader.join();
    assertThat(failure.get()).isNull();
  }
}
