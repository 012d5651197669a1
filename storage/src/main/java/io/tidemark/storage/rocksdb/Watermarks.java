package io.tidemark.storage.rocksdb;

import io.tidemark.storage.RetentionPolicy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How far the store has got: the retention policy, samples ingested and rejected, the last day
 * rolled up, the boundary before which samples are sealed, each resolution's retention cutoff and
 * dropped days, and the earliest day holding data. The durable ones mirror {@code Meta/1} and are
 * read by {@link #load}.
 *
 * <p>Thread safety: takes no lock. What readers use without a lock is volatile or concurrent;
 * {@link #earliestDay} is lowered by appends and flushes under the store's monitor and reset by
 * retention; {@link #droppedBeforeDay} is used by maintenance only.
 */
final class Watermarks {
  final AtomicLong samplesIngested = new AtomicLong();
  final AtomicLong samplesRejected = new AtomicLong();
  final Map<String, Long> retainedFrom = new ConcurrentHashMap<>();
  final Map<String, Integer> droppedBeforeDay = new HashMap<>();
  volatile RetentionPolicy retention;
  volatile int rolledUpThroughDay = Integer.MIN_VALUE;
  volatile long sealedBefore = Long.MIN_VALUE;
  volatile int earliestDay = Integer.MAX_VALUE;

  Watermarks(RetentionPolicy retention) {
    this.retention = retention;
  }

  /** Reads the durable marks from {@code Meta/1} and the earliest day holding data. */
  void load(Families families) {
    Long ingested = families.meta(Families.META_INGESTED);
    samplesIngested.set(ingested == null ? 0 : ingested);
    Long rolled = families.meta(Families.META_ROLLED_UP);
    rolledUpThroughDay = rolled == null ? Integer.MIN_VALUE : rolled.intValue();
    if (rolled != null) {
      sealedBefore = Keys.dayStart(rolledUpThroughDay + 1);
    }
    for (String name : resolutionNames()) {
      Long from = families.meta(Families.META_RETAINED + name);
      if (from != null) {
        retainedFrom.put(name, from);
      }
      Long dropped = families.meta(Families.META_DROPPED + name);
      if (dropped != null) {
        droppedBeforeDay.put(name, dropped.intValue());
      }
    }
  }

  private List<String> resolutionNames() {
    List<String> names = new ArrayList<>();
    names.add(Families.RAW);
    retention.rollups().forEach(r -> names.add(r.name()));
    return names;
  }

  /** The retention cutoff of a resolution ({@code raw}, {@code 5m}, ...), or MIN_VALUE. */
  long retainedFrom(String resolution) {
    return retainedFrom.getOrDefault(resolution, Long.MIN_VALUE);
  }

  /** Records that {@code day} now holds data. */
  void holdsDay(int day) {
    if (day < earliestDay) {
      earliestDay = day;
    }
  }
}
