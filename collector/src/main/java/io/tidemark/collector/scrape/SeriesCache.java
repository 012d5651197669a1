package io.tidemark.collector.scrape;

import com.carrotsearch.hppc.LongObjectHashMap;
import io.tidemark.storage.SeriesRef;

/**
 * One node's series handles between scrapes, as Prometheus' scrape cache keeps its series
 * references: a 64-bit hash of how a series appears in the payload maps to the store's {@link
 * SeriesRef}, so a scrape whose series are all known builds no labels and the store looks none up.
 * The caller checks a handle it finds against the sample (a hash may collide) and falls back to the
 * key.
 *
 * <p>Two generations: a scrape finds the handles its node's previous scrape used and keeps those it
 * uses again; a series a scrape did not see is gone from the cache after the next one, so deleted
 * pods do not pile up. Primitive maps (HPPC): no boxing, about 30 bytes a series.
 *
 * <p>Not thread-safe: one scrape of a node at a time, which the scheduler guarantees; each scrape
 * is handed to a worker through an executor, which orders it after the previous one.
 */
final class SeriesCache {

  private LongObjectHashMap<SeriesRef> previous = new LongObjectHashMap<>();
  private LongObjectHashMap<SeriesRef> current = new LongObjectHashMap<>();

  /** Starts a scrape: what the last one used becomes what this one may find. */
  void startScrape() {
    LongObjectHashMap<SeriesRef> older = previous;
    previous = current;
    current = older;
    current.clear();
    if (previous.size() * 16 < current.keys.length) {
      current = new LongObjectHashMap<>(); // shrink after a node lost most of its series
    }
  }

  /** The handle used for {@code hash} by this scrape or the previous one, or null. */
  SeriesRef find(long hash) {
    SeriesRef ref = current.get(hash);
    return ref != null ? ref : previous.get(hash);
  }

  /** Keeps {@code ref} for {@code hash} for the next scrape. */
  void keep(long hash, SeriesRef ref) {
    current.put(hash, ref);
  }

  /** Series kept by the running (or last) scrape. */
  int size() {
    return current.size();
  }

  /** Mixes one more 32-bit hash into a 64-bit series hash. */
  static long mix(long hash, int part) {
    long x = (hash ^ part) * 0x9E3779B97F4A7C15L;
    return x ^ (x >>> 29);
  }
}
