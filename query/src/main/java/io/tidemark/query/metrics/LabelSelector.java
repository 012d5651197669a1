package io.tidemark.query.metrics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A Kubernetes label selector ({@code labelSelector=app=web,tier in (frontend,cache),!canary}),
 * parsed, validated and evaluated as apimachinery's {@code labels.Parse} does.
 *
 * <p>Grammar: requirements separated by commas, white space allowed between tokens:
 *
 * <pre>
 * requirement := KEY                      the label exists
 *              | "!" KEY                  the label does not exist
 *              | KEY ("=" | "==") VALUE   the label exists with this value
 *              | KEY "!=" VALUE           the label is absent or has another value
 *              | KEY "in" "(" VALUES ")"      the label exists with one of the values
 *              | KEY "notin" "(" VALUES ")"   the label is absent or has none of the values
 *              | KEY (">" | "&lt;") INTEGER    the label's value is an integer above / below
 * </pre>
 *
 * <p>A key is a qualified name ({@code [prefix/]name}: a name of at most 63 characters, letters,
 * digits, {@code -}, {@code _} and {@code .}, starting and ending with a letter or digit; a prefix
 * that is a DNS subdomain of at most 253 characters); a value is empty or a name of at most 63
 * characters. A value after {@code =} may be empty ({@code a=}); an empty {@code ()} stands for the
 * one empty value, as apimachinery reads it. An empty selector selects everything.
 *
 * <p>Immutable and thread-safe.
 */
public final class LabelSelector {

  /** The operator of a requirement. */
  public enum Operator {
    /** {@code =} and {@code ==}. */
    EQUALS,
    /** {@code !=}. */
    NOT_EQUALS,
    /** {@code in (...)}. */
    IN,
    /** {@code notin (...)}. */
    NOT_IN,
    /** A key alone. */
    EXISTS,
    /** {@code !} and a key. */
    DOES_NOT_EXIST,
    /** {@code >}. */
    GREATER_THAN,
    /** {@code <}. */
    LESS_THAN
  }

  /**
   * One requirement.
   *
   * @param key the label key
   * @param operator how the label is tested
   * @param values the values, sorted: one for {@code EQUALS}, {@code NOT_EQUALS}, {@code
   *     GREATER_THAN} and {@code LESS_THAN}, at least one for {@code IN} and {@code NOT_IN}, none
   *     for {@code EXISTS} and {@code DOES_NOT_EXIST}
   */
  public record Requirement(String key, Operator operator, List<String> values) {

    /** Copies the values. */
    public Requirement {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(operator, "operator");
      values = values.stream().sorted().distinct().toList();
    }

    /** Whether an object with these labels meets the requirement. */
    public boolean matches(Map<String, String> labels) {
      String value = labels.get(key);
      return switch (operator) {
        case EQUALS, IN -> value != null && values.contains(value);
        case NOT_EQUALS, NOT_IN -> value == null || !values.contains(value);
        case EXISTS -> value != null;
        case DOES_NOT_EXIST -> value == null;
        case GREATER_THAN, LESS_THAN -> compares(value);
      };
    }

    private boolean compares(String value) {
      if (value == null) {
        return false;
      }
      long actual;
      try {
        actual = Long.parseLong(value);
      } catch (NumberFormatException e) {
        return false;
      }
      long bound = Long.parseLong(values.get(0));
      return operator == Operator.GREATER_THAN ? actual > bound : actual < bound;
    }

    /**
     * The values the label must have for the requirement to be met, when it names them ({@code =},
     * {@code in}): lets a caller narrow a lookup before evaluating the whole selector.
     */
    public Optional<List<String>> requiredValues() {
      return operator == Operator.EQUALS || operator == Operator.IN
          ? Optional.of(values)
          : Optional.empty();
    }
  }

  /** The selector that selects everything. */
  public static final LabelSelector EVERYTHING = new LabelSelector("", List.of());

  private final String text;
  private final List<Requirement> requirements;

  private LabelSelector(String text, List<Requirement> requirements) {
    this.text = text;
    this.requirements = List.copyOf(requirements);
  }

  /**
   * Parses {@code text}; {@code null}, empty or blank selects everything.
   *
   * @throws IllegalArgumentException saying what is wrong and where
   */
  public static LabelSelector parse(String text) {
    if (text == null || text.isBlank()) {
      return EVERYTHING;
    }
    List<Requirement> requirements = new LabelSelectorParser(text).parse();
    // apimachinery keeps requirements sorted by key; evaluation order does not matter otherwise.
    List<Requirement> sorted = new ArrayList<>(requirements);
    sorted.sort(Comparator.comparing(Requirement::key));
    return new LabelSelector(text, sorted);
  }

  /** Whether this selector selects every object. */
  public boolean isEverything() {
    return requirements.isEmpty();
  }

  /** Whether an object with these labels is selected: every requirement is met. */
  public boolean matches(Map<String, String> labels) {
    for (Requirement requirement : requirements) {
      if (!requirement.matches(labels)) {
        return false;
      }
    }
    return true;
  }

  /** The requirements, sorted by key. */
  public List<Requirement> requirements() {
    return requirements;
  }

  /** The selector as it was written. */
  @Override
  public String toString() {
    return text;
  }
}
