package io.tidemark.storage;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The identity of a series: a metric name and its labels, as Prometheus defines them.
 *
 * <p>Labels are kept sorted by name, so two keys with the same labels are equal whatever order they
 * were given in. A label with an empty value is the same as no label (the Prometheus rule) and is
 * dropped.
 *
 * @param metric the metric name, {@code [a-zA-Z_:][a-zA-Z0-9_:]*}
 * @param labels label names ({@code [a-zA-Z_][a-zA-Z0-9_]*}) to values; sorted, unmodifiable
 */
public record SeriesKey(String metric, Map<String, String> labels) {

  private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

  /** Validates names and sorts the labels. */
  public SeriesKey {
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(labels, "labels");
    if (!METRIC_NAME.matcher(metric).matches()) {
      throw new IllegalArgumentException("invalid metric name '" + metric + "'");
    }
    TreeMap<String, String> sorted = new TreeMap<>();
    for (Map.Entry<String, String> label : labels.entrySet()) {
      String name = label.getKey();
      if (name == null || !LABEL_NAME.matcher(name).matches() || name.equals("__name__")) {
        throw new IllegalArgumentException(
            "invalid label name '" + name + "' in series of " + metric);
      }
      String value = Objects.requireNonNull(label.getValue(), "value of label " + name);
      if (!value.isEmpty()) {
        sorted.put(name, value);
      }
    }
    labels = Collections.unmodifiableSortedMap(sorted);
  }

  /** A key from a metric name and alternating label names and values. */
  public static SeriesKey of(String metric, String... namesAndValues) {
    if (namesAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("labels come in name/value pairs");
    }
    TreeMap<String, String> labels = new TreeMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      labels.put(namesAndValues[i], namesAndValues[i + 1]);
    }
    return new SeriesKey(metric, labels);
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
      for (char c : label.getValue().toCharArray()) {
        switch (c) {
          case '\\' -> out.append("\\\\");
          case '"' -> out.append("\\\"");
          case '\n' -> out.append("\\n");
          default -> out.append(c);
        }
      }
      out.append('"');
    }
    return out.append('}').toString();
  }
}
