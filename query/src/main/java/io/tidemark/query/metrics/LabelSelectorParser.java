package io.tidemark.query.metrics;

import io.tidemark.query.metrics.LabelSelector.Operator;
import io.tidemark.query.metrics.LabelSelector.Requirement;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses the text of a {@link LabelSelector} with apimachinery's tokens ({@code ,}, {@code (},
 * {@code )}, {@code =}, {@code ==}, {@code !=}, {@code !}, {@code >}, {@code <}, {@code in}, {@code
 * notin} and identifiers: runs of anything else but white space) and its validation of keys and
 * values. Errors name what was found, what was expected, and the character where.
 *
 * <p>Not thread-safe: one instance per parse.
 */
final class LabelSelectorParser {

  private enum Token {
    IDENTIFIER,
    IN,
    NOT_IN,
    EQUALS,
    DOUBLE_EQUALS,
    NOT_EQUALS,
    NOT,
    GREATER,
    LESS,
    OPEN,
    CLOSE,
    COMMA,
    END
  }

  private final String text;
  private int position;
  private Token token;
  private String tokenText;
  private int tokenStart;

  LabelSelectorParser(String text) {
    this.text = text;
    advance();
  }

  List<Requirement> parse() {
    List<Requirement> out = new ArrayList<>();
    while (true) {
      out.add(requirement());
      if (token == Token.END) {
        return out;
      }
      if (token != Token.COMMA) {
        throw error("found '" + tokenText + "', expected: ',' or end of string");
      }
      advance();
      if (token == Token.END) {
        throw error("found end of string, expected: a requirement after ','");
      }
    }
  }

  private Requirement requirement() {
    boolean negated = false;
    if (token == Token.NOT) {
      negated = true;
      advance();
    }
    if (token != Token.IDENTIFIER) {
      throw error(
          "found '" + (token == Token.END ? "" : tokenText) + "', expected: identifier (a key)");
    }
    String key = tokenText;
    validateKey(key);
    advance();
    if (negated) {
      return new Requirement(key, Operator.DOES_NOT_EXIST, List.of());
    }
    if (token == Token.END || token == Token.COMMA) {
      return new Requirement(key, Operator.EXISTS, List.of());
    }
    Operator operator =
        switch (token) {
          case EQUALS, DOUBLE_EQUALS -> Operator.EQUALS;
          case NOT_EQUALS -> Operator.NOT_EQUALS;
          case IN -> Operator.IN;
          case NOT_IN -> Operator.NOT_IN;
          case GREATER -> Operator.GREATER_THAN;
          case LESS -> Operator.LESS_THAN;
          default -> null;
        };
    if (operator == null) {
      throw error("found '" + tokenText + "', expected: in, notin, =, ==, !=, >, <");
    }
    advance();
    return switch (operator) {
      case IN, NOT_IN -> set(key, operator);
      case GREATER_THAN, LESS_THAN -> integer(key, operator);
      default -> exact(key, operator);
    };
  }

  private Requirement exact(String key, Operator operator) {
    String value = "";
    if (token == Token.IDENTIFIER) {
      value = tokenText;
      advance();
    } else if (token != Token.END && token != Token.COMMA) {
      throw error("found '" + tokenText + "', expected: a value for " + key);
    }
    validateValue(key, value);
    return new Requirement(key, operator, List.of(value));
  }

  private Requirement integer(String key, Operator operator) {
    if (token != Token.IDENTIFIER) {
      throw error("found '" + tokenText + "', expected: an integer for " + key);
    }
    String value = tokenText;
    try {
      Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw error(
          "for '>' and '<' the value must be an integer: '" + value + "' (key " + key + ")");
    }
    advance();
    return new Requirement(key, operator, List.of(value));
  }

  private Requirement set(String key, Operator operator) {
    if (token != Token.OPEN) {
      throw error("found '" + tokenText + "', expected: '(' after in or notin");
    }
    advance();
    List<String> values = new ArrayList<>();
    if (token == Token.CLOSE) {
      values.add(""); // "()" reads as the one empty value, as apimachinery reads it
    } else {
      while (true) {
        String value = "";
        if (token == Token.IDENTIFIER) {
          value = tokenText;
          advance();
        }
        validateValue(key, value);
        values.add(value);
        if (token == Token.CLOSE) {
          break;
        }
        if (token != Token.COMMA) {
          throw error(
              "found '"
                  + (token == Token.END ? "" : tokenText)
                  + "', expected: ',' or ')' in the values of "
                  + key);
        }
        advance();
      }
    }
    advance(); // the ')'
    return new Requirement(key, operator, values);
  }

  // ---- lexer ---------------------------------------------------------------------------

  private void advance() {
    while (position < text.length() && isSpace(text.charAt(position))) {
      position++;
    }
    tokenStart = position;
    if (position >= text.length()) {
      token = Token.END;
      tokenText = "";
      return;
    }
    char c = text.charAt(position);
    switch (c) {
      case ',' -> single(Token.COMMA);
      case '(' -> single(Token.OPEN);
      case ')' -> single(Token.CLOSE);
      case '>' -> single(Token.GREATER);
      case '<' -> single(Token.LESS);
      case '=' -> {
        if (text.startsWith("==", position)) {
          position += 2;
          token = Token.DOUBLE_EQUALS;
          tokenText = "==";
        } else {
          single(Token.EQUALS);
        }
      }
      case '!' -> {
        if (text.startsWith("!=", position)) {
          position += 2;
          token = Token.NOT_EQUALS;
          tokenText = "!=";
        } else {
          single(Token.NOT);
        }
      }
      default -> {
        while (position < text.length() && !isSpecial(text.charAt(position))) {
          position++;
        }
        tokenText = text.substring(tokenStart, position);
        token =
            switch (tokenText) {
              case "in" -> Token.IN;
              case "notin" -> Token.NOT_IN;
              default -> Token.IDENTIFIER;
            };
      }
    }
  }

  private void single(Token kind) {
    token = kind;
    tokenText = String.valueOf(text.charAt(position));
    position++;
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
  }

  private static boolean isSpecial(char c) {
    return isSpace(c) || "=!(),<>".indexOf(c) >= 0;
  }

  private IllegalArgumentException error(String message) {
    return new IllegalArgumentException(message + " (at character " + (tokenStart + 1) + ")");
  }

  // ---- validation ----------------------------------------------------------------------

  private void validateKey(String key) {
    String name = key;
    int slash = key.indexOf('/');
    if (slash >= 0) {
      String prefix = key.substring(0, slash);
      name = key.substring(slash + 1);
      if (prefix.isEmpty() || prefix.length() > 253 || !isDnsSubdomain(prefix)) {
        throw error(
            "invalid label key '"
                + key
                + "': the prefix must be a DNS subdomain (lower-case letters, digits, '-' and"
                + " '.', at most 253 characters)");
      }
    }
    if (name.isEmpty() || name.length() > 63 || !isName(name)) {
      throw error(
          "invalid label key '"
              + key
              + "': the name must be at most 63 characters, letters, digits, '-', '_' and '.',"
              + " starting and ending with a letter or digit, with an optional DNS subdomain"
              + " prefix and '/'");
    }
  }

  private void validateValue(String key, String value) {
    if (!value.isEmpty() && (value.length() > 63 || !isName(value))) {
      throw error(
          "invalid value '"
              + value
              + "' for label "
              + key
              + ": a label value must be empty or at most 63 characters, letters, digits, '-',"
              + " '_' and '.', starting and ending with a letter or digit");
    }
  }

  private static boolean isName(String s) {
    if (!isAlphanumeric(s.charAt(0)) || !isAlphanumeric(s.charAt(s.length() - 1))) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!isAlphanumeric(c) && c != '-' && c != '_' && c != '.') {
        return false;
      }
    }
    return true;
  }

  private static boolean isDnsSubdomain(String s) {
    for (String labelPart : s.split("\\.", -1)) {
      if (labelPart.isEmpty() || labelPart.length() > 63) {
        return false;
      }
      for (int i = 0; i < labelPart.length(); i++) {
        char c = labelPart.charAt(i);
        boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
        if (!ok) {
          return false;
        }
      }
      if (labelPart.startsWith("-") || labelPart.endsWith("-")) {
        return false;
      }
    }
    return true;
  }

  private static boolean isAlphanumeric(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }
}
