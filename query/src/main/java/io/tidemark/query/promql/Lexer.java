package io.tidemark.query.promql;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a PromQL query into tokens. Words are returned as {@link Kind#IDENTIFIER} and classified
 * by the parser (keywords are case-insensitive, function names are not); {@code Inf} and {@code
 * NaN} in any case are numbers; a number directly followed by a unit is a duration ({@code 5m},
 * {@code 1h30m}). Comments run from {@code #} to the end of the line.
 */
final class Lexer {

  /** Token kinds. */
  enum Kind {
    IDENTIFIER("identifier"),
    NUMBER("number"),
    DURATION("duration"),
    STRING("string"),
    LEFT_PAREN("\"(\""),
    RIGHT_PAREN("\")\""),
    LEFT_BRACE("\"{\""),
    RIGHT_BRACE("\"}\""),
    LEFT_BRACKET("\"[\""),
    RIGHT_BRACKET("\"]\""),
    COMMA("\",\""),
    COLON("\":\""),
    AT("\"@\""),
    ADD("\"+\""),
    SUB("\"-\""),
    MUL("\"*\""),
    DIV("\"/\""),
    MOD("\"%\""),
    POW("\"^\""),
    EQLC("\"==\""),
    NEQ("\"!=\""),
    LSS("\"<\""),
    LTE("\"<=\""),
    GTR("\">\""),
    GTE("\">=\""),
    EQL("\"=\""),
    EQL_REGEX("\"=~\""),
    NEQ_REGEX("\"!~\""),
    EOF("end of input");

    final String description;

    Kind(String description) {
      this.description = description;
    }
  }

  /**
   * One token.
   *
   * @param kind what it is
   * @param text the characters as written
   * @param value for strings the unquoted value, else {@code text}
   * @param pos the 0-based offset of its first character
   */
  record Token(Kind kind, String text, String value, int pos) {

    /** How error messages name the token, like {@code identifier "foo"}. */
    String describe() {
      return switch (kind) {
        case EOF -> "end of input";
        case IDENTIFIER, NUMBER, DURATION -> kind.description + " \"" + text + "\"";
        case STRING -> "string " + text;
        default -> kind.description;
      };
    }

    boolean isWord(String word) {
      return kind == Kind.IDENTIFIER && text.equalsIgnoreCase(word);
    }
  }

  private final String input;
  private int pos;
  private int brackets; // inside [...] a colon separates a subquery's range from its step

  private Lexer(String input) {
    this.input = input;
  }

  /**
   * All tokens of {@code input}, ending with {@link Kind#EOF}.
   *
   * @throws PromQlParseException for a character or literal that cannot start a token
   */
  static List<Token> tokenize(String input) {
    Lexer lexer = new Lexer(input);
    List<Token> tokens = new ArrayList<>();
    Token t;
    do {
      t = lexer.next();
      tokens.add(t);
    } while (t.kind() != Kind.EOF);
    return tokens;
  }

  private Token next() {
    skipSpaceAndComments();
    if (pos >= input.length()) {
      return new Token(Kind.EOF, "", "", pos);
    }
    int start = pos;
    char c = input.charAt(pos);
    if (isDigit(c) || (c == '.' && pos + 1 < input.length() && isDigit(input.charAt(pos + 1)))) {
      return numberOrDuration(start);
    }
    if (c == ':' && brackets > 0) {
      pos++;
      return token(Kind.COLON, start);
    }
    if (isAlpha(c) || c == ':') {
      pos++;
      while (pos < input.length()
          && (isAlphaNumeric(input.charAt(pos)) || input.charAt(pos) == ':')) {
        pos++;
      }
      String word = input.substring(start, pos);
      if (word.equalsIgnoreCase("inf") || word.equalsIgnoreCase("nan")) {
        return new Token(Kind.NUMBER, word, word, start);
      }
      return new Token(Kind.IDENTIFIER, word, word, start);
    }
    if (c == '"' || c == '\'' || c == '`') {
      return string(start, c);
    }
    pos++;
    return switch (c) {
      case '(' -> token(Kind.LEFT_PAREN, start);
      case ')' -> token(Kind.RIGHT_PAREN, start);
      case '{' -> token(Kind.LEFT_BRACE, start);
      case '}' -> token(Kind.RIGHT_BRACE, start);
      case '[' -> {
        brackets++;
        yield token(Kind.LEFT_BRACKET, start);
      }
      case ']' -> {
        brackets = Math.max(0, brackets - 1);
        yield token(Kind.RIGHT_BRACKET, start);
      }
      case ',' -> token(Kind.COMMA, start);
      case '@' -> token(Kind.AT, start);
      case '+' -> token(Kind.ADD, start);
      case '-' -> token(Kind.SUB, start);
      case '*' -> token(Kind.MUL, start);
      case '/' -> token(Kind.DIV, start);
      case '%' -> token(Kind.MOD, start);
      case '^' -> token(Kind.POW, start);
      case '=' -> {
        if (accept('=')) {
          yield token(Kind.EQLC, start);
        }
        yield accept('~') ? token(Kind.EQL_REGEX, start) : token(Kind.EQL, start);
      }
      case '!' -> {
        if (accept('=')) {
          yield token(Kind.NEQ, start);
        }
        if (accept('~')) {
          yield token(Kind.NEQ_REGEX, start);
        }
        throw new PromQlParseException(start, "unexpected character after '!': " + quoteNext());
      }
      case '<' -> accept('=') ? token(Kind.LTE, start) : token(Kind.LSS, start);
      case '>' -> accept('=') ? token(Kind.GTE, start) : token(Kind.GTR, start);
      default ->
          throw new PromQlParseException(
              start,
              "unexpected character: '" + new String(Character.toChars(codePoint(start))) + "'");
    };
  }

  private String quoteNext() {
    return pos < input.length()
        ? "'" + new String(Character.toChars(codePoint(pos))) + "'"
        : "end of input";
  }

  private int codePoint(int at) {
    return input.codePointAt(at);
  }

  private Token token(Kind kind, int start) {
    String text = input.substring(start, pos);
    return new Token(kind, text, text, start);
  }

  private boolean accept(char c) {
    if (pos < input.length() && input.charAt(pos) == c) {
      pos++;
      return true;
    }
    return false;
  }

  private void skipSpaceAndComments() {
    while (pos < input.length()) {
      char c = input.charAt(pos);
      if (c == '#') {
        while (pos < input.length() && input.charAt(pos) != '\n') {
          pos++;
        }
      } else if (Character.isWhitespace(c)) {
        pos++;
      } else {
        return;
      }
    }
  }

  private Token numberOrDuration(int start) {
    if (input.startsWith("0x", pos) || input.startsWith("0X", pos)) {
      pos += 2;
      while (pos < input.length() && Character.digit(input.charAt(pos), 16) >= 0) {
        pos++;
      }
    } else {
      digits();
      if (accept('.')) {
        digits();
      }
      if (pos < input.length() && (input.charAt(pos) == 'e' || input.charAt(pos) == 'E')) {
        int mark = pos;
        pos++;
        if (pos < input.length() && (input.charAt(pos) == '+' || input.charAt(pos) == '-')) {
          pos++;
        }
        if (pos < input.length() && isDigit(input.charAt(pos))) {
          digits();
        } else {
          pos = mark;
        }
      }
    }
    if (pos >= input.length() || !isAlphaNumeric(input.charAt(pos))) {
      return token(Kind.NUMBER, start);
    }
    // A unit follows: the whole word must be a duration.
    pos = start;
    while (pos < input.length()
        && (isAlphaNumeric(input.charAt(pos)) || input.charAt(pos) == '.')) {
      pos++;
    }
    String word = input.substring(start, pos);
    if (Durations.isDuration(word)) {
      return new Token(Kind.DURATION, word, word, start);
    }
    throw new PromQlParseException(start, "bad number or duration syntax: \"" + word + "\"");
  }

  private void digits() {
    while (pos < input.length() && isDigit(input.charAt(pos))) {
      pos++;
    }
  }

  private Token string(int start, char quote) {
    pos++;
    StringBuilder value = new StringBuilder();
    while (true) {
      if (pos >= input.length()) {
        throw new PromQlParseException(start, "unterminated quoted string");
      }
      char c = input.charAt(pos++);
      if (c == quote) {
        return new Token(Kind.STRING, input.substring(start, pos), value.toString(), start);
      }
      if (quote == '`') {
        value.append(c);
        continue;
      }
      if (c == '\n') {
        throw new PromQlParseException(start, "unterminated quoted string");
      }
      if (c != '\\') {
        value.append(c);
        continue;
      }
      escape(value, quote);
    }
  }

  /** Go's escapes: single-character ones, octal, and hexadecimal with x, u and U. */
  private void escape(StringBuilder value, char quote) {
    int at = pos - 1;
    if (pos >= input.length()) {
      throw new PromQlParseException(at, "unterminated quoted string");
    }
    char e = input.charAt(pos++);
    switch (e) {
      case 'a' -> value.append('\u0007');
      case 'b' -> value.append('\b');
      case 'f' -> value.append('\f');
      case 'n' -> value.append('\n');
      case 'r' -> value.append('\r');
      case 't' -> value.append('\t');
      case 'v' -> value.append('\u000b');
      case '\\' -> value.append('\\');
      case '\'', '"' -> {
        if (e != quote) {
          throw new PromQlParseException(at, "unknown escape sequence: \\" + e);
        }
        value.append(e);
      }
      case 'x' -> value.appendCodePoint(hex(at, 2));
      case 'u' -> value.appendCodePoint(hex(at, 4));
      case 'U' -> value.appendCodePoint(hex(at, 8));
      default -> {
        if (e >= '0' && e <= '7') {
          pos--;
          int v = 0;
          for (int i = 0; i < 3; i++) {
            if (pos >= input.length() || input.charAt(pos) < '0' || input.charAt(pos) > '7') {
              throw new PromQlParseException(at, "illegal octal escape sequence");
            }
            v = v * 8 + (input.charAt(pos++) - '0');
          }
          if (v > 255) {
            throw new PromQlParseException(at, "octal escape value > 255: " + v);
          }
          value.append((char) v);
        } else {
          throw new PromQlParseException(at, "unknown escape sequence: \\" + e);
        }
      }
    }
  }

  private int hex(int at, int count) {
    int v = 0;
    for (int i = 0; i < count; i++) {
      int d = pos < input.length() ? Character.digit(input.charAt(pos), 16) : -1;
      if (d < 0) {
        throw new PromQlParseException(at, "illegal hexadecimal escape sequence");
      }
      v = v * 16 + d;
      pos++;
    }
    if (!Character.isValidCodePoint(v) || (v >= 0xD800 && v <= 0xDFFF)) {
      throw new PromQlParseException(at, "escape sequence is an invalid Unicode code point");
    }
    return v;
  }

  static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  static boolean isAlpha(char c) {
    return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  static boolean isAlphaNumeric(char c) {
    return isAlpha(c) || isDigit(c);
  }
}
