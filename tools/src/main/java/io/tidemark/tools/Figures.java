package io.tidemark.tools;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The figures of a report, each once: a key and raw value for the JSON file, and a label, the value
 * as printed and how it was obtained for the Markdown table. Keeping both views in one list keeps
 * them from drifting apart.
 *
 * <p>Not thread-safe: build it on one thread.
 */
final class Figures {

  /**
   * One figure.
   *
   * @param key its JSON key
   * @param value its raw value (a number, a string, a boolean; NaN or -1 when not measured)
   * @param label what it is, for people
   * @param shown the value as printed
   * @param how how it was obtained
   */
  record Figure(String key, Object value, String label, String shown, String how) {}

  private final List<Figure> figures = new ArrayList<>();

  /** Adds a figure. */
  Figures add(String key, Object value, String label, String shown, String how) {
    figures.add(new Figure(key, value, label, shown, how));
    return this;
  }

  /** The raw value of {@code key}; an {@link IllegalArgumentException} if there is none. */
  Object value(String key) {
    for (Figure f : figures) {
      if (f.key().equals(key)) {
        return f.value();
      }
    }
    throw new IllegalArgumentException("no figure " + key);
  }

  /** The table: figure, value, how obtained. */
  Table table() {
    Table t = new Table("figure", "value", "how").leftAligned(2);
    for (Figure f : figures) {
      t.row(f.label(), f.shown(), f.how());
    }
    return t;
  }

  /** The figures as an ordered JSON object, non-finite numbers as null. */
  Map<String, Object> json() {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Figure f : figures) {
      Object v = f.value();
      if (v instanceof Double d && !Double.isFinite(d)) {
        v = null;
      }
      out.put(f.key(), v);
    }
    return out;
  }
}
