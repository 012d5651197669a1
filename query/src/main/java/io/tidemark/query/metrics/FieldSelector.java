package io.tidemark.query.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A Kubernetes field selector ({@code fieldSelector=metadata.name=web-0,metadata.namespace!=dev}),
 * parsed and evaluated as apimachinery's {@code fields.ParseSelector} does.
 *
 * <p>Grammar: terms separated by commas; a term is {@code field=value}, {@code field==value} or
 * {@code field!=value}, split at the first operator; in a value, {@code \\}, {@code \,} and {@code
 * \=} stand for the character itself and any other backslash sequence is an error. An empty
 * selector selects everything. A field the object does not have reads as the empty string.
 *
 * <p>Immutable and thread-safe.
 */
public final class FieldSelector {

  /** The fields apimachinery accepts for kinds without their own conversion, such as metrics. */
  public static final Set<String> METADATA_FIELDS = Set.of("metadata.name", "metadata.namespace");

  /** The selector that selects everything. */
  public static final FieldSelector EVERYTHING = new FieldSelector("", List.of());

  /**
   * One requirement.
   *
   * @param field the field, like {@code metadata.name}
   * @param equal {@code true} for {@code =} and {@code ==}, {@code false} for {@code !=}
   * @param value the value, unescaped
   */
  public record Term(String field, boolean equal, String value) {

    /** Requires a field and a value. */
    public Term {
      Objects.requireNonNull(field, "field");
      Objects.requireNonNull(value, "value");
    }

    boolean matches(Map<String, String> fields) {
      return fields.getOrDefault(field, "").equals(value) == equal;
    }
  }

  private final String text;
  private final List<Term> terms;

  private FieldSelector(String text, List<Term> terms) {
    this.text = text;
    this.terms = List.copyOf(terms);
  }

  /**
   * Parses {@code text}; {@code null} or empty selects everything.
   *
   * @throws IllegalArgumentException naming the selector and the part that is wrong
   */
  public static FieldSelector parse(String text) {
    if (text == null || text.isEmpty()) {
      return EVERYTHING;
    }
    List<Term> terms = new ArrayList<>();
    for (String part : splitTerms(text)) {
      if (part.isEmpty()) {
        continue;
      }
      terms.add(parseTerm(text, part));
    }
    return new FieldSelector(text, terms);
  }

  /**
   * This selector, when it names only {@code known} fields.
   *
   * @throws IllegalArgumentException with apimachinery's message for the first unknown field
   */
  public FieldSelector requireFields(Set<String> known) {
    for (Term term : terms) {
      if (!known.contains(term.field())) {
        throw new IllegalArgumentException(
            "\""
                + term.field()
                + "\" is not a known field selector: only "
                + String.join(", ", known.stream().sorted().map(f -> "\"" + f + "\"").toList()));
      }
    }
    return this;
  }

  /** Whether an object with these field values is selected. */
  public boolean matches(Map<String, String> fields) {
    for (Term term : terms) {
      if (!term.matches(fields)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The value {@code field} must equal for an object to be selected, when a term requires one: lets
   * a caller narrow a lookup before evaluating the whole selector.
   */
  public Optional<String> requiredValue(String field) {
    for (Term term : terms) {
      if (term.equal() && term.field().equals(field)) {
        return Optional.of(term.value());
      }
    }
    return Optional.empty();
  }

  /** The terms, in the order written. */
  public List<Term> terms() {
    return terms;
  }

  /** The selector as it was written. */
  @Override
  public String toString() {
    return text;
  }

  private static List<String> splitTerms(String text) {
    List<String> parts = new ArrayList<>();
    int start = 0;
    boolean escaped = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == ',') {
        parts.add(text.substring(start, i));
        start = i + 1;
      }
    }
    parts.add(text.substring(start));
    return parts;
  }

  private static Term parseTerm(String selector, String part) {
    // No escaping on the left: the first operator splits, "!=" and "==" before "=".
    for (int i = 0; i < part.length(); i++) {
      if (part.startsWith("!=", i)) {
        return new Term(part.substring(0, i), false, unescape(part.substring(i + 2)));
      }
      if (part.startsWith("==", i)) {
        return new Term(part.substring(0, i), true, unescape(part.substring(i + 2)));
      }
      if (part.charAt(i) == '=') {
        return new Term(part.substring(0, i), true, unescape(part.substring(i + 1)));
      }
    }
    throw new IllegalArgumentException(
        "invalid selector: '" + selector + "'; can't understand '" + part + "'");
  }

  private static String unescape(String value) {
    if (value.indexOf('\\') < 0 && value.indexOf(',') < 0 && value.indexOf('=') < 0) {
      return value;
    }
    StringBuilder out = new StringBuilder(value.length());
    boolean escaped = false;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (escaped) {
        if (c != '\\' && c != ',' && c != '=') {
          throw new IllegalArgumentException(
              "invalid field selector: invalid escape sequence: \\" + c + " in '" + value + "'");
        }
        out.append(c);
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == ',' || c == '=') {
        throw new IllegalArgumentException(
            "invalid field selector: unescaped character in value: " + c + " in '" + value + "'");
      } else {
        out.append(c);
      }
    }
    if (escaped) {
      throw new IllegalArgumentException(
          "invalid field selector: invalid escape sequence: \\ at the end of '" + value + "'");
    }
    return out.toString();
  }
}
