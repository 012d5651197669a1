package io.tidemark.storage;

import java.util.Map;
import java.util.Objects;

/**
 * The identity of a series: a metric name and its labels, as Prometheus defines them.
 *
 * <p>Labels are kept sorted by name, so two keys with the same labels are equal whatever order they
 * were given in. A label with an empty value is the same as no label (the Prometheus rule) and is
 * dropped.
 *
 * @param metric the metric name, {@code [a-zA-Z_:][a-zA-Z0-9_:]*}
 * @param labels label names ({@code [a-zA-Z_][a-zA-Z0-9_]*}) to values, as {@link Labels}
 */
public record SeriesKey(String metric, Map<String, String> labels) {

  /** Validates the metric name; validates and sorts the labels unless they are {@link Labels}. */
  public SeriesKey {
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(labels, "labels");
    if (!validMetricName(metric)) {
      throw new IllegalArgumentException("invalid metric name '" + metric + "'");
    }
    try {
      labels = Labels.of(labels);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(e.getMessage() + " in series of " + metric, e);
    }
  }

  /** Names already found valid: most keys reuse a few hundred names. Bounded, then cleared. */
  private static final java.util.Set<String> VALID_NAMES =
      java.util.concurrent.ConcurrentHashMap.newKeySet();

  private static boolean validMetricName(String name) {
    if (VALID_NAMES.contains(name)) {
      return true;
    }
    if (!checkMetricName(name)) {
      return false;
    }
    if (VALID_NAMES.size() > 100_000) {
      VALID_NAMES.clear();
    }
    VALID_NAMES.add(name);
    return true;
  }

  private static boolean checkMetricName(String name) {
    if (name.isEmpty()) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || c == '_'
              || c == ':'
              || (i > 0 && c >= '0' && c <= '9');
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** A key from a metric name and alternating label names and values. */
  public static SeriesKey of(String metric, String... namesAndValues) {
    if (namesAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("labels come in name/value pairs");
    }
    Labels.Builder labels = Labels.builder(namesAndValues.length / 2);
    for (int i = 0; i < namesAndValues.length; i += 2) {
      labels.put(namesAndValues[i], namesAndValues[i + 1]);
    }
    return new SeriesKey(metric, labels.build());
  }

  /** The value of a label, or {@code null} when the series does not carry it. */
  public String label(String name) {
    return labels.get(name);
  }

  /** Prometheus notation: {@code metric{a="1",b="2"}}. */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder(metric).append('{');
    boolean first = true;
    for (Map.Entry<String, String> label : labels.entrySet()) {
      if (!first) {
        out.append(',');
      }
      first = false;
      out.append(label.getKey()).append("=\"");
      Labels.appendEscaped(out, label.getValue());
      out.append('"');
    }
    return out.append('}').toString();
  }
}
