package io.tidemark.storage;

import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A condition on one label of a series, as a PromQL selector writes it: {@code name="value"},
 * {@code !=}, {@code =~} and {@code !~}. The metric name is the label {@code __name__}.
 *
 * <p>Prometheus semantics: a series without the label matches as if its value were empty, and
 * regular expressions are fully anchored ({@code =~"a.*"} does not match {@code "ba"}).
 *
 * @param name the label name, or {@code __name__}
 * @param type the comparison
 * @param value the value or regular expression
 */
public record LabelMatcher(String name, Type type, String value) {

  /** The four comparisons. */
  public enum Type {
    /** {@code =} */
    EQUAL,
    /** {@code !=} */
    NOT_EQUAL,
    /** {@code =~} */
    REGEX,
    /** {@code !~} */
    NOT_REGEX
  }

  /** The label name of a series' metric name. */
  public static final String METRIC_NAME = "__name__";

  /**
   * Validates; a regular expression must compile.
   *
   * @throws IllegalArgumentException naming the matcher when the expression is invalid
   */
  public LabelMatcher {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(value, "value");
    if (type == Type.REGEX || type == Type.NOT_REGEX) {
      try {
        Pattern.compile(value);
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException(
            "invalid regular expression in "
                + name
                + (type == Type.REGEX ? "=~" : "!~")
                + "\""
                + value
                + "\": "
                + e.getDescription(),
            e);
      }
    }
  }

  /** {@code name="value"}. */
  public static LabelMatcher equal(String name, String value) {
    return new LabelMatcher(name, Type.EQUAL, value);
  }

  /** {@code name!="value"}. */
  public static LabelMatcher notEqual(String name, String value) {
    return new LabelMatcher(name, Type.NOT_EQUAL, value);
  }

  /** {@code name=~"regex"}. */
  public static LabelMatcher regex(String name, String regex) {
    return new LabelMatcher(name, Type.REGEX, regex);
  }

  /** {@code name!~"regex"}. */
  public static LabelMatcher notRegex(String name, String regex) {
    return new LabelMatcher(name, Type.NOT_REGEX, regex);
  }

  /** Whether a label value ({@code ""} when the series lacks the label) matches. */
  public boolean matches(String labelValue) {
    String v = labelValue == null ? "" : labelValue;
    return switch (type) {
      case EQUAL -> v.equals(value);
      case NOT_EQUAL -> !v.equals(value);
      case REGEX -> pattern().matcher(v).matches();
      case NOT_REGEX -> !pattern().matcher(v).matches();
    };
  }

  /** Whether the series matches. */
  public boolean matches(SeriesKey series) {
    return matches(name.equals(METRIC_NAME) ? series.metric() : series.label(name));
  }

  /** Whether this matcher can select a series that lacks the label. */
  public boolean matchesEmpty() {
    return matches("");
  }

  private Pattern pattern() {
    // Records cannot hold derived state; compiled patterns are cached per expression.
    return PatternCache.get(value);
  }

  @Override
  public String toString() {
    String op =
        switch (type) {
          case EQUAL -> "=";
          case NOT_EQUAL -> "!=";
          case REGEX -> "=~";
          case NOT_REGEX -> "!~";
        };
    return name + op + "\"" + value + "\"";
  }
}
