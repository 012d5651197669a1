package io.tidemark.storage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An inverted index of series: label name, then value, to the series carrying them, plus the metric
 * name under {@code __name__}. Answers a list of {@link LabelMatcher}s by starting from the
 * smallest posting list that an equality matcher names (or the union of a regex matcher's values)
 * and checking the other matchers on those candidates only, never scanning every series unless no
 * matcher narrows the search.
 *
 * <p>A posting list is an array of references, 4 bytes a series on a compressed-oops heap, where a
 * concurrent set took about 40: at hundreds of thousands of series with six or seven postings each,
 * the index is a large part of what the head keeps in memory.
 *
 * <p>Thread safety: safe for concurrent adds, removes and queries; a query sees each series either
 * before or after a concurrent add.
 */
public final class SeriesIndex {

  private final Map<String, Map<String, Posting>> postings = new ConcurrentHashMap<>();
  private final Posting all = new Posting();

  /** Indexes a series. The caller adds each series once (the store keeps its own map of them). */
  public void add(SeriesKey series) {
    all.add(series);
    posting(LabelMatcher.METRIC_NAME, series.metric()).add(series);
    for (Map.Entry<String, String> label : series.labels().entrySet()) {
      posting(label.getKey(), label.getValue()).add(series);
    }
  }

  /** Removes series from the index, in one pass over each posting list they are in. */
  public void removeAll(Collection<SeriesKey> removed) {
    if (removed.isEmpty()) {
      return;
    }
    Set<SeriesKey> gone = new HashSet<>(removed);
    Set<Posting> touched = new HashSet<>();
    for (SeriesKey series : gone) {
      touched.add(postingOrNull(LabelMatcher.METRIC_NAME, series.metric()));
      for (Map.Entry<String, String> label : series.labels().entrySet()) {
        touched.add(postingOrNull(label.getKey(), label.getValue()));
      }
    }
    touched.remove(null);
    // An emptied posting list stays: dropping it could race with an add of the same value.
    for (Posting posting : touched) {
      posting.removeAll(gone);
    }
    all.removeAll(gone);
  }

  /** How many series are indexed. */
  public int size() {
    return all.size();
  }

  /** The distinct values of a label across all series, sorted. */
  public List<String> values(String name) {
    Map<String, Posting> byValue = postings.get(name);
    List<String> out = new ArrayList<>();
    if (byValue != null) {
      byValue.forEach(
          (value, series) -> {
            if (series.size() > 0) {
              out.add(value);
            }
          });
    }
    out.sort(Comparator.naturalOrder());
    return out;
  }

  /** The label names in use, sorted, {@code __name__} included. */
  public List<String> names() {
    List<String> out = new ArrayList<>();
    postings.forEach(
        (name, byValue) -> {
          if (byValue.values().stream().anyMatch(series -> series.size() > 0)) {
            out.add(name);
          }
        });
    out.sort(Comparator.naturalOrder());
    return out;
  }

  /**
   * The series every matcher matches, in no particular order. With no matcher, or only matchers
   * that also match a missing label, every series is a candidate.
   */
  public List<SeriesKey> select(List<LabelMatcher> matchers) {
    Posting smallest = null;
    for (LabelMatcher m : matchers) {
      if (m.type() == LabelMatcher.Type.EQUAL && !m.value().isEmpty()) {
        Posting posting = postingOrNull(m.name(), m.value());
        if (posting == null) {
          return new ArrayList<>();
        }
        if (smallest == null || posting.size() < smallest.size()) {
          smallest = posting;
        }
      }
    }
    List<SeriesKey> candidates = null;
    if (smallest != null) {
      candidates = smallest.snapshot();
    } else {
      for (LabelMatcher m : matchers) {
        if (m.type() == LabelMatcher.Type.REGEX && !m.matchesEmpty()) {
          List<SeriesKey> union = new ArrayList<>();
          Map<String, Posting> byValue = postings.get(m.name());
          if (byValue != null) {
            for (Map.Entry<String, Posting> entry : byValue.entrySet()) {
              if (m.matches(entry.getKey())) {
                union.addAll(entry.getValue().snapshot());
              }
            }
          }
          if (candidates == null || union.size() < candidates.size()) {
            candidates = union;
          }
        }
      }
    }
    if (candidates == null) {
      candidates = all.snapshot();
    }
    List<SeriesKey> out = new ArrayList<>();
    for (SeriesKey series : candidates) {
      boolean match = true;
      for (LabelMatcher m : matchers) {
        if (!m.matches(series)) {
          match = false;
          break;
        }
      }
      if (match) {
        out.add(series);
      }
    }
    return out;
  }

  private Posting posting(String name, String value) {
    return postings
        .computeIfAbsent(name, n -> new ConcurrentHashMap<>())
        .computeIfAbsent(value, v -> new Posting());
  }

  private Posting postingOrNull(String name, String value) {
    Map<String, Posting> byValue = postings.get(name);
    return byValue == null ? null : byValue.get(value);
  }

  /** The series carrying one label value, in the order they were added. */
  private static final class Posting {
    private static final SeriesKey[] EMPTY = new SeriesKey[0];

    private SeriesKey[] keys = EMPTY;
    private volatile int size;

    synchronized void add(SeriesKey series) {
      if (size == keys.length) {
        keys = Arrays.copyOf(keys, Math.max(4, size + (size >> 1)));
      }
      keys[size] = series;
      size++;
    }

    synchronized void removeAll(Set<SeriesKey> gone) {
      int kept = 0;
      for (int i = 0; i < size; i++) {
        if (!gone.contains(keys[i])) {
          keys[kept++] = keys[i];
        }
      }
      Arrays.fill(keys, kept, size, null);
      size = kept;
      if (kept < keys.length >> 2) {
        keys = Arrays.copyOf(keys, kept);
      }
    }

    int size() {
      return size;
    }

    synchronized List<SeriesKey> snapshot() {
      return Arrays.asList(Arrays.copyOf(keys, size));
    }
  }
}
