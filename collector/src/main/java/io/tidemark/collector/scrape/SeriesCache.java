package io.tidemark.collector.scrape;

import com.carrotsearch.hppc.LongObjectHashMap;
import com.carrotsearch.hppc.cursors.LongCursor;
import io.tidemark.storage.SeriesRef;
import java.util.Arrays;

/**
 * One node's series handles between scrapes, as Prometheus' scrape cache keeps its series
 * references: a 64-bit hash of how a series appears in the payload maps to the store's {@link
 * SeriesRef}, so a scrape whose series are all known builds no labels and the store looks none up.
 * The caller checks a handle it finds against the sample (a hash may collide) and falls back to the
 * key.
 *
 * <p>One primitive map (HPPC: no boxing, 16 to 32 bytes a series), and a list of the hashes the
 * running scrape kept: when a scrape ends having kept fewer series than the map holds, the others
 * (a deleted pod's, an endpoint that failed this time) leave the map, so the cache never holds more
 * than one scrape's series. The list lives for one scrape only.
 *
 * <p>Not thread-safe: one scrape of a node at a time, which the scheduler guarantees; each scrape
 * is handed to a worker through an executor, which orders it after the previous one.
 */
final class SeriesCache {

  private LongObjectHashMap<SeriesRef> refs = new LongObjectHashMap<>();
  private long keySum; // of the map's keys
  private long[] kept;
  private int keptCount;
  private long keptSum;

  /** Starts a scrape. */
  void startScrape() {
    kept = new long[refs.size() + 16];
    keptCount = 0;
    keptSum = 0;
  }

  /** The handle kept for {@code hash}, or null. */
  SeriesRef find(long hash) {
    return refs.get(hash);
  }

  /** Keeps {@code ref} for {@code hash} for the next scrape. */
  void keep(long hash, SeriesRef ref) {
    if (refs.put(hash, ref) == null) {
      keySum += hash;
    }
    kept(hash);
  }

  /** Keeps what {@link #find} just gave for {@code hash} for the next scrape. */
  void kept(long hash) {
    if (keptCount == kept.length) {
      kept = Arrays.copyOf(kept, keptCount * 2);
    }
    kept[keptCount++] = hash;
    keptSum += hash;
  }

  /**
   * Ends a scrape whose samples are stored: drops the handles it did not keep. Costs a sort only
   * when the scrape kept other than exactly the map's series once each, which the count and the sum
   * of the hashes it kept tell (a payload that repeats a series while another left changes the
   * sum).
   */
  void endScrape() {
    if (keptCount != refs.size() || keptSum != keySum) {
      long[] sorted = Arrays.copyOf(kept, keptCount);
      Arrays.sort(sorted);
      refs.removeAll((long hash, SeriesRef ref) -> Arrays.binarySearch(sorted, hash) < 0);
      if (refs.size() * 8 < refs.keys.length && refs.keys.length > 64) {
        LongObjectHashMap<SeriesRef> smaller = new LongObjectHashMap<>(refs.size());
        smaller.putAll(refs);
        refs = smaller; // after a node lost most of its series
      }
      keySum = 0;
      for (LongCursor c : refs.keys()) {
        keySum += c.value;
      }
    }
    kept = null;
  }

  /** Series the cache holds. */
  int size() {
    return refs.size();
  }

  /** Mixes one more 32-bit hash into a 64-bit series hash. */
  static long mix(long hash, int part) {
    long x = (hash ^ part) * 0x9E3779B97F4A7C15L;
    return x ^ (x >>> 29);
  }
}
