package io.tidemark.query.promql;

import io.tidemark.query.format.GoNumbers;
import java.util.List;
import java.util.Objects;

/** The result of evaluating an expression: one of Prometheus' four value types. */
public sealed interface Value {

  /** The type of the value. */
  ValueType type();

  /**
   * A number at an evaluation time.
   *
   * @param timestamp the evaluation time, milliseconds since the epoch
   * @param value the number
   */
  record Scalar(long timestamp, double value) implements Value {
    @Override
    public ValueType type() {
      return ValueType.SCALAR;
    }
  }

  /**
   * A string at an evaluation time.
   *
   * @param timestamp the evaluation time, milliseconds since the epoch
   * @param value the string
   */
  record Str(long timestamp, String value) implements Value {

    /** Requires a value. */
    public Str {
      Objects.requireNonNull(value, "value");
    }

    @Override
    public ValueType type() {
      return ValueType.STRING;
    }
  }

  /**
   * An instant vector: one value per label set at an evaluation time.
   *
   * @param timestamp the evaluation time, milliseconds since the epoch
   * @param elements the elements, in evaluation order (selectors give them sorted by labels)
   */
  record Vector(long timestamp, List<Element> elements) implements Value {

    /** Copies the elements. */
    public Vector {
      elements = List.copyOf(elements);
    }

    @Override
    public ValueType type() {
      return ValueType.VECTOR;
    }
  }

  /**
   * One element of an instant vector.
   *
   * @param labels its labels
   * @param value its value
   */
  record Element(LabelSet labels, double value) {

    /** Requires labels. */
    public Element {
      Objects.requireNonNull(labels, "labels");
    }
  }

  /**
   * A range vector (matrix): points per label set; the result of every range query.
   *
   * @param series the series, sorted by labels
   */
  record Matrix(List<Series> series) implements Value {

    /** Copies the list. */
    public Matrix {
      series = List.copyOf(series);
    }

    @Override
    public ValueType type() {
      return ValueType.MATRIX;
    }
  }

  /**
   * The points of one series, oldest first. The arrays are owned by the series and never changed;
   * equality is by labels and contents.
   *
   * @param labels its labels
   * @param timestamps milliseconds since the epoch
   * @param values one per timestamp
   */
  record Series(LabelSet labels, long[] timestamps, double[] values) {

    /** Checks the lengths. */
    public Series {
      Objects.requireNonNull(labels, "labels");
      if (timestamps.length != values.length) {
        throw new IllegalArgumentException("one value per timestamp");
      }
    }

    /** How many points there are. */
    public int size() {
      return timestamps.length;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Series that
          && labels.equals(that.labels)
          && java.util.Arrays.equals(timestamps, that.timestamps)
          && java.util.Arrays.equals(values, that.values);
    }

    @Override
    public int hashCode() {
      return labels.hashCode() * 31 + java.util.Arrays.hashCode(timestamps);
    }

    @Override
    public String toString() {
      StringBuilder out = new StringBuilder(labels.toString()).append(" [");
      for (int i = 0; i < timestamps.length; i++) {
        out.append(i == 0 ? "" : ", ")
            .append(GoNumbers.formatF(values[i]))
            .append(" @")
            .append(timestamps[i]);
      }
      return out.append(']').toString();
    }
  }
}
