package io.tidemark.query.promql;

import io.tidemark.storage.LabelMatcher;
import io.tidemark.storage.SeriesKey;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The labels of a series or vector element in the engine, the metric name included as {@code
 * __name__}, sorted by name: Prometheus' {@code labels.Labels}. Immutable; the hash is computed
 * once, and the set without its metric name is remembered, since every step of a range query asks
 * for it again.
 */
public final class LabelSet implements Comparable<LabelSet> {

  private static final String[] NONE = new String[0];

  /** No labels. */
  public static final LabelSet EMPTY = new LabelSet(NONE, NONE);

  private final String[] names;
  private final String[] values;
  private final int hash;
  private LabelSet withoutName; // benign race: any thread computes the same value

  private LabelSet(String[] names, String[] values) {
    this.names = names;
    this.values = values;
    this.hash = 31 * Arrays.hashCode(names) + Arrays.hashCode(values);
  }

  /** The labels of a stored series, with {@code __name__} set to its metric. */
  public static LabelSet of(SeriesKey series) {
    Map<String, String> labels = series.labels();
    String[] names = new String[labels.size() + 1];
    String[] values = new String[names.length];
    int i = 0;
    boolean placed = false;
    for (Map.Entry<String, String> label : labels.entrySet()) {
      if (!placed && label.getKey().compareTo(LabelMatcher.METRIC_NAME) > 0) {
        names[i] = LabelMatcher.METRIC_NAME;
        values[i++] = series.metric();
        placed = true;
      }
      names[i] = label.getKey();
      values[i++] = label.getValue();
    }
    if (!placed) {
      names[i] = LabelMatcher.METRIC_NAME;
      values[i] = series.metric();
    }
    return new LabelSet(names, values);
  }

  /** A label set from alternating names and values, in any order; for tests and literals. */
  public static LabelSet of(String... namesAndValues) {
    Map<String, String> sorted = new java.util.TreeMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      if (!namesAndValues[i + 1].isEmpty()) {
        sorted.put(namesAndValues[i], namesAndValues[i + 1]);
      }
    }
    return new LabelSet(sorted.keySet().toArray(NONE), sorted.values().toArray(NONE));
  }

  /** The value of a label, or {@code null}. */
  public String get(String name) {
    for (int i = 0; i < names.length; i++) {
      if (names[i].equals(name)) {
        return values[i];
      }
    }
    return null;
  }

  /** How many labels there are. */
  public int size() {
    return names.length;
  }

  /** The same labels without {@code __name__}. */
  public LabelSet withoutMetricName() {
    LabelSet cached = withoutName;
    if (cached == null) {
      cached =
          get(LabelMatcher.METRIC_NAME) == null ? this : filter(java.util.Set.of(), false, true);
      withoutName = cached;
    }
    return cached;
  }

  /** Only the named labels (those present). */
  public LabelSet keep(Collection<String> keep) {
    return filter(keep, true, false);
  }

  /** The labels but the named ones. */
  public LabelSet drop(Collection<String> drop) {
    return filter(drop, false, false);
  }

  /** The labels but the named ones and {@code __name__}. */
  public LabelSet dropWithName(Collection<String> drop) {
    return filter(drop, false, true);
  }

  /** Only the listed labels if {@code keep}, else all but them (and {@code __name__}). */
  private LabelSet filter(Collection<String> listed, boolean keep, boolean dropName) {
    int count = 0;
    boolean[] in = new boolean[names.length];
    for (int i = 0; i < names.length; i++) {
      boolean isListed = listed.contains(names[i]);
      in[i] =
          keep ? isListed : !isListed && !(dropName && names[i].equals(LabelMatcher.METRIC_NAME));
      if (in[i]) {
        count++;
      }
    }
    if (count == names.length) {
      return this;
    }
    String[] n = new String[count];
    String[] v = new String[count];
    int j = 0;
    for (int i = 0; i < names.length; i++) {
      if (in[i]) {
        n[j] = names[i];
        v[j++] = values[i];
      }
    }
    return count == 0 ? EMPTY : new LabelSet(n, v);
  }

  /** The labels in name order, for JSON. */
  public Map<String, String> toMap() {
    Map<String, String> out = new LinkedHashMap<>(names.length * 2);
    for (int i = 0; i < names.length; i++) {
      out.put(names[i], values[i]);
    }
    return out;
  }

  /** Prometheus' {@code labels.Compare}: label by label, name then value; shorter first. */
  @Override
  public int compareTo(LabelSet other) {
    int n = Math.min(names.length, other.names.length);
    for (int i = 0; i < n; i++) {
      int c = names[i].compareTo(other.names[i]);
      if (c != 0) {
        return c;
      }
      c = values[i].compareTo(other.values[i]);
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(names.length, other.names.length);
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    return o instanceof LabelSet that
        && hash == that.hash
        && Arrays.equals(names, that.names)
        && Arrays.equals(values, that.values);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  /** Prometheus notation: {@code {__name__="up", node="a"}}. */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder("{");
    for (int i = 0; i < names.length; i++) {
      if (i > 0) {
        out.append(", ");
      }
      out.append(names[i]).append("=\"").append(values[i].replace("\"", "\\\"")).append('"');
    }
    return out.append('}').toString();
  }
}
