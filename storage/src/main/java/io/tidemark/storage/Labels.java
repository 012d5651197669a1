package io.tidemark.storage;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * An immutable label set, sorted by name, validated once: the {@code labels} of a {@link
 * SeriesKey}. Build one per group of series that share it (a pod's labels, say) and every key made
 * from it shares it too, without copying or validating again.
 *
 * <p>Names follow Prometheus ({@code [a-zA-Z_][a-zA-Z0-9_]*}, not {@code __name__}); a label with
 * an empty value is the same as no label and is dropped. The hash code is computed once.
 */
public final class Labels extends AbstractMap<String, String> {

  private static final Labels EMPTY = new Labels(new String[0], new String[0]);

  private final String[] names;
  private final String[] values;
  private final int hash;

  private Labels(String[] names, String[] values) {
    this.names = names;
    this.values = values;
    int h = 0;
    for (int i = 0; i < names.length; i++) {
      h += names[i].hashCode() ^ values[i].hashCode(); // Map.hashCode's definition
    }
    this.hash = h;
  }

  /**
   * Appends {@code value} escaped as a label value of the Prometheus text formats (0.0.4 and
   * OpenMetrics): backslash, double quote and line feed as {@code \\}, {@code \"} and {@code \n},
   * every other character as it is. The quotes around it are the caller's.
   */
  public static void appendEscaped(StringBuilder out, String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '"' -> out.append("\\\"");
        case '\n' -> out.append("\\n");
        default -> out.append(c);
      }
    }
  }

  /** The empty label set. */
  public static Labels empty() {
    return EMPTY;
  }

  /** A validated, sorted copy of {@code labels}; {@code labels} itself when it is a Labels. */
  public static Labels of(Map<String, String> labels) {
    if (labels instanceof Labels ready) {
      return ready;
    }
    Builder builder = new Builder(labels.size());
    for (Map.Entry<String, String> label : labels.entrySet()) {
      builder.put(label.getKey(), label.getValue());
    }
    return builder.build();
  }

  /** A builder of at most a few dozen labels; {@link Builder#put} replaces a name given twice. */
  public static Builder builder(int expected) {
    return new Builder(expected);
  }

  /** The same labels with {@code name} set to {@code value} (removed when the value is empty). */
  public Labels with(String name, String value) {
    Builder builder = new Builder(names.length + 1);
    for (int i = 0; i < names.length; i++) {
      builder.put(names[i], values[i]);
    }
    return builder.put(name, value).build();
  }

  @Override
  public String get(Object name) {
    for (int i = 0; i < names.length; i++) {
      if (names[i].equals(name)) {
        return values[i];
      }
    }
    return null;
  }

  @Override
  public boolean containsKey(Object name) {
    return get(name) != null;
  }

  @Override
  public int size() {
    return names.length;
  }

  @Override
  public Set<Entry<String, String>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public Iterator<Entry<String, String>> iterator() {
        return new Iterator<>() {
          private int next;

          @Override
          public boolean hasNext() {
            return next < names.length;
          }

          @Override
          public Entry<String, String> next() {
            if (next >= names.length) {
              throw new NoSuchElementException();
            }
            int i = next++;
            return new SimpleImmutableEntry<>(names[i], values[i]);
          }
        };
      }

      @Override
      public int size() {
        return names.length;
      }
    };
  }

  /** The name of label {@code i}, in name order. */
  public String name(int i) {
    return names[i];
  }

  /** The value of label {@code i}, in name order. */
  public String value(int i) {
    return values[i];
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public boolean equals(Object other) {
    if (other == this) {
      return true;
    }
    if (other instanceof Labels that) {
      return hash == that.hash
          && Arrays.equals(names, that.names)
          && Arrays.equals(values, that.values);
    }
    return super.equals(other);
  }

  /** Collects labels; not thread-safe. */
  public static final class Builder {
    private String[] names;
    private String[] values;
    private int size;

    private Builder(int expected) {
      names = new String[Math.max(4, expected)];
      values = new String[names.length];
    }

    /** Sets a label; an empty value removes it. */
    public Builder put(String name, String value) {
      checkName(name);
      if (value == null) {
        throw new IllegalArgumentException("label " + name + " has no value");
      }
      // Insertion into sorted position: label sets are small.
      int i = 0;
      while (i < size && names[i].compareTo(name) < 0) {
        i++;
      }
      if (i < size && names[i].equals(name)) {
        if (value.isEmpty()) {
          System.arraycopy(names, i + 1, names, i, size - i - 1);
          System.arraycopy(values, i + 1, values, i, size - i - 1);
          size--;
        } else {
          values[i] = value;
        }
        return this;
      }
      if (value.isEmpty()) {
        return this;
      }
      if (size == names.length) {
        names = Arrays.copyOf(names, size * 2);
        values = Arrays.copyOf(values, size * 2);
      }
      System.arraycopy(names, i, names, i + 1, size - i);
      System.arraycopy(values, i, values, i + 1, size - i);
      names[i] = name;
      values[i] = value;
      size++;
      return this;
    }

    /** The label set. */
    public Labels build() {
      return size == 0
          ? EMPTY
          : new Labels(Arrays.copyOf(names, size), Arrays.copyOf(values, size));
    }

    private static void checkName(String name) {
      boolean valid = name != null && !name.isEmpty() && !name.equals("__name__");
      for (int i = 0; valid && i < name.length(); i++) {
        char c = name.charAt(i);
        valid =
            (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || c == '_'
                || (i > 0 && c >= '0' && c <= '9');
      }
      if (!valid) {
        throw new IllegalArgumentException("invalid label name '" + name + "'");
      }
    }
  }
}
