package io.tidemark.storage.rocksdb;

import io.tidemark.storage.SeriesKey;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The live series' {@link Entry}s, found by key and by id, at about a dozen bytes a series where
 * two concurrent maps with boxed ids took about a hundred.
 *
 * <ul>
 *   <li>By key: one array of references, open addressing with linear probing, at most 70% full
 *       (tombstones included); a removed series leaves a tombstone until the next rebuild.
 *   <li>By id: ids are handed out in order from 1, so entries sit in pages of 1,024 slots indexed
 *       by id; a page whose series are all gone is dropped.
 * </ul>
 *
 * <p>Thread safety: one writer at a time ({@link #put} and {@link #remove} are called under the
 * store's monitor, or before the store is published), readers take no lock. A slot is written with
 * release semantics and read with acquire semantics, and a grown array is filled before it is
 * published through a volatile field, so a reader sees each entry either before or after a
 * concurrent change, never a half-built one. A reader still probing an array the writer has just
 * replaced finds what that array held when it was replaced.
 */
final class EntryTable implements Iterable<Entry> {

  private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Entry[].class);
  private static final int PAGE_BITS = 10;
  private static final int PAGE_SIZE = 1 << PAGE_BITS;

  /** Marks a slot whose entry was removed: probing goes on past it. */
  private static final Entry TOMBSTONE = new Entry(SeriesKey.of("removed_series"), -1);

  private volatile Entry[] byKey = new Entry[1024];
  private volatile Entry[][] pages = new Entry[0][];
  private int[] pageLive = new int[0];
  private int used; // live entries and tombstones in byKey; the writer's
  private volatile int live;

  /** The entry of {@code key}, or null. */
  Entry get(SeriesKey key) {
    Entry[] table = byKey;
    int mask = table.length - 1;
    for (int i = slotOf(key, mask); ; i = (i + 1) & mask) {
      Entry e = (Entry) SLOT.getAcquire(table, i);
      if (e == null) {
        return null;
      }
      if (e != TOMBSTONE && e.key.equals(key)) {
        return e;
      }
    }
  }

  /** The entry with series id {@code id}, or null. */
  Entry get(long id) {
    if (id < 0) {
      return null;
    }
    Entry[][] p = pages;
    long page = id >>> PAGE_BITS;
    if (page >= p.length || p[(int) page] == null) {
      return null;
    }
    return (Entry) SLOT.getAcquire(p[(int) page], (int) (id & (PAGE_SIZE - 1)));
  }

  /** How many entries it holds. */
  int size() {
    return live;
  }

  /**
   * Adds an entry whose key and id are not in the table yet (the writer only).
   *
   * @throws IllegalArgumentException when its key or id is already there
   */
  void put(Entry entry) {
    if (entry.id < 0 || get(entry.id) != null || get(entry.key) != null) {
      throw new IllegalArgumentException("series " + entry.id + " " + entry.key + " is known");
    }
    if ((used + 1) * 10L > byKey.length * 7L) {
      rebuild(live + 1);
    }
    Entry[] table = byKey;
    int mask = table.length - 1;
    int i = slotOf(entry.key, mask);
    while (true) {
      Entry e = (Entry) SLOT.getAcquire(table, i);
      if (e == null || e == TOMBSTONE) {
        if (e == null) {
          used++;
        }
        SLOT.setRelease(table, i, entry);
        break;
      }
      i = (i + 1) & mask;
    }
    int page = (int) (entry.id >>> PAGE_BITS);
    Entry[][] p = pages;
    if (page >= p.length) {
      Entry[][] grown = Arrays.copyOf(p, Math.max(page + 1, p.length + (p.length >> 1)));
      pageLive = Arrays.copyOf(pageLive, grown.length);
      pages = grown;
      p = grown;
    }
    if (p[page] == null) {
      p[page] = new Entry[PAGE_SIZE];
      pages = p; // republish: the new page is fully built
    }
    SLOT.setRelease(p[page], (int) (entry.id & (PAGE_SIZE - 1)), entry);
    pageLive[page]++;
    live++;
  }

  /** Removes an entry (the writer only); does nothing when it is not this table's. */
  void remove(Entry entry) {
    Entry[] table = byKey;
    int mask = table.length - 1;
    for (int i = slotOf(entry.key, mask); ; i = (i + 1) & mask) {
      Entry e = (Entry) SLOT.getAcquire(table, i);
      if (e == null) {
        return;
      }
      if (e == entry) {
        SLOT.setRelease(table, i, TOMBSTONE);
        break;
      }
    }
    int page = (int) (entry.id >>> PAGE_BITS);
    Entry[][] p = pages;
    SLOT.setRelease(p[page], (int) (entry.id & (PAGE_SIZE - 1)), (Entry) null);
    if (--pageLive[page] == 0) {
      Entry[][] copy = p.clone();
      copy[page] = null;
      pages = copy;
    }
    live--;
    if (live * 8L < byKey.length && byKey.length > 1024) {
      rebuild(live);
    }
  }

  /** Every entry, in id order; weakly consistent with concurrent changes. */
  @Override
  public Iterator<Entry> iterator() {
    Entry[][] p = pages;
    return new Iterator<>() {
      private int page;
      private int slot = -1;
      private Entry next = advance();

      private Entry advance() {
        while (page < p.length) {
          Entry[] current = p[page];
          if (current != null) {
            while (++slot < PAGE_SIZE) {
              Entry e = (Entry) SLOT.getAcquire(current, slot);
              if (e != null) {
                return e;
              }
            }
          }
          page++;
          slot = -1;
        }
        return null;
      }

      @Override
      public boolean hasNext() {
        return next != null;
      }

      @Override
      public Entry next() {
        if (next == null) {
          throw new NoSuchElementException();
        }
        Entry out = next;
        next = advance();
        return out;
      }
    };
  }

  /** A new key array sized for {@code count} entries at 25% to 50% load, without tombstones. */
  private void rebuild(int count) {
    int capacity = Integer.highestOneBit(Math.max(512, count * 2 - 1)) << 1;
    Entry[] old = byKey;
    Entry[] table = new Entry[capacity];
    int mask = capacity - 1;
    int filled = 0;
    for (Entry e : old) {
      if (e != null && e != TOMBSTONE) {
        int i = slotOf(e.key, mask);
        while (table[i] != null) {
          i = (i + 1) & mask;
        }
        table[i] = e;
        filled++;
      }
    }
    used = filled;
    byKey = table; // a volatile write publishes the filled array
  }

  private static int slotOf(SeriesKey key, int mask) {
    int h = key.hashCode() * 0x9E3779B9;
    return (h ^ (h >>> 16)) & mask;
  }
}
