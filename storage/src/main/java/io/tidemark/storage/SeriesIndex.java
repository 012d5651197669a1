package io.tidemark.storage;

import java.util.ArrayList;
import java.util.Comparator;
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
 * <p>Thread safety: safe for concurrent adds, removes and queries; a query sees each series either
 * before or after a concurrent add.
 */
public final class SeriesIndex {

  private final Map<String, Map<String, Set<SeriesKey>>> postings = new ConcurrentHashMap<>();
  private final Set<SeriesKey> all = ConcurrentHashMap.newKeySet();

  /** Indexes a series; adding it again changes nothing. */
  public void add(SeriesKey series) {
    if (!all.add(series)) {
      return;
    }
    posting(LabelMatcher.METRIC_NAME, series.metric()).add(series);
    for (Map.Entry<String, String> label : series.labels().entrySet()) {
      posting(label.getKey(), label.getValue()).add(series);
    }
  }

  /** Removes a series from the index. */
  public void remove(SeriesKey series) {
    if (!all.remove(series)) {
      return;
    }
    removeFrom(LabelMatcher.METRIC_NAME, series.metric(), series);
    for (Map.Entry<String, String> label : series.labels().entrySet()) {
      removeFrom(label.getKey(), label.getValue(), series);
    }
  }

  /** How many series are indexed. */
  public int size() {
    return all.size();
  }

  /** The distinct values of a label across all series, sorted. */
  public List<String> values(String name) {
    Map<String, Set<SeriesKey>> byValue = postings.get(name);
    List<String> out = new ArrayList<>();
    if (byValue != null) {
      byValue.forEach(
          (value, series) -> {
            if (!series.isEmpty()) {
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
          if (byValue.values().stream().anyMatch(series -> !series.isEmpty())) {
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
    Set<SeriesKey> smallest = null;
    List<SeriesKey> regexCandidates = null;
    for (LabelMatcher m : matchers) {
      if (m.type() == LabelMatcher.Type.EQUAL && !m.value().isEmpty()) {
        Set<SeriesKey> posting = postingOrEmpty(m.name(), m.value());
        if (smallest == null || posting.size() < smallest.size()) {
          smallest = posting;
        }
      }
    }
    if (smallest == null) {
      for (LabelMatcher m : matchers) {
        if (m.type() == LabelMatcher.Type.REGEX && !m.matchesEmpty()) {
          List<SeriesKey> union = new ArrayList<>();
          Map<String, Set<SeriesKey>> byValue = postings.get(m.name());
          if (byValue != null) {
            for (Map.Entry<String, Set<SeriesKey>> entry : byValue.entrySet()) {
              if (m.matches(entry.getKey())) {
                union.addAll(entry.getValue());
              }
            }
          }
          if (regexCandidates == null || union.size() < regexCandidates.size()) {
            regexCandidates = union;
          }
        }
      }
    }
    Iterable<SeriesKey> candidates =
        smallest != null ? smallest : regexCandidates != null ? regexCandidates : all;
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

  private Set<SeriesKey> posting(String name, String value) {
    return postings
        .computeIfAbsent(name, n -> new ConcurrentHashMap<>())
        .computeIfAbsent(value, v -> ConcurrentHashMap.newKeySet());
  }

  private Set<SeriesKey> postingOrEmpty(String name, String value) {
    Map<String, Set<SeriesKey>> byValue = postings.get(name);
    Set<SeriesKey> posting = byValue == null ? null : byValue.get(value);
    return posting == null ? Set.of() : posting;
  }

  private void removeFrom(String name, String value, SeriesKey series) {
    Map<String, Set<SeriesKey>> byValue = postings.get(name);
    if (byValue == null) {
      return;
    }
    Set<SeriesKey> posting = byValue.get(value);
    if (posting != null) {
      // An emptied posting list stays: dropping it could race with an add of the same value.
      posting.remove(series);
    }
  }
}
