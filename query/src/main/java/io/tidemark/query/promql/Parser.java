package io.tidemark.query.promql;

import io.tidemark.query.promql.Expr.Aggregate;
import io.tidemark.query.promql.Expr.Binary;
import io.tidemark.query.promql.Expr.Call;
import io.tidemark.query.promql.Expr.MatrixSelector;
import io.tidemark.query.promql.Expr.Negation;
import io.tidemark.query.promql.Expr.NumberLiteral;
import io.tidemark.query.promql.Expr.Paren;
import io.tidemark.query.promql.Expr.StringLiteral;
import io.tidemark.query.promql.Expr.VectorMatching;
import io.tidemark.query.promql.Expr.VectorSelector;
import io.tidemark.query.promql.Lexer.Kind;
import io.tidemark.query.promql.Lexer.Token;
import io.tidemark.storage.LabelMatcher;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A recursive-descent parser for Tidemark's PromQL subset, with precedence climbing for binary
 * operators. It type-checks as it goes, as Prometheus' parser does, so every tree it returns can be
 * evaluated; anything outside the subset fails with a message that names it.
 *
 * <p>Grammar, loosest binding first:
 *
 * <pre>
 * expr     := unary (binop [bool] [on|ignoring (labels)] expr)*   precedence climbing
 * unary    := ('+'|'-') expr-of-precedence-^  |  postfix            -a*b is (-a)*b, -a^b is -(a^b)
 * postfix  := primary ('[' duration ']' | offset ['-'] duration)*
 * primary  := number | string | '(' expr ')' | selector | call | aggregation
 * </pre>
 *
 * <p>Thread safety: instances are confined to one call of {@link #parse}.
 */
public final class Parser {

  /**
   * How deep an expression may be: nested parentheses, calls, aggregations and unary operators, and
   * chains of binary operators (each operator is one level). Parsing and evaluation recurse once
   * per level, so a deeper expression would exhaust a request thread's stack; no query a person or
   * a dashboard writes comes near it.
   */
  public static final int MAX_DEPTH = 256;

  private static final Set<String> KEYWORDS =
      Set.of(
          "by",
          "without",
          "on",
          "ignoring",
          "group_left",
          "group_right",
          "offset",
          "bool",
          "and",
          "or",
          "unless",
          "atan2");

  private final List<Token> tokens;
  private int next;
  private int depth;

  private Parser(String query) {
    this.tokens = Lexer.tokenize(query);
  }

  /**
   * Parses a whole query.
   *
   * @throws PromQlParseException for invalid or unsupported PromQL
   */
  public static Expr parse(String query) {
    Parser parser = new Parser(query);
    if (parser.peek().kind() == Kind.EOF) {
      throw new PromQlParseException(0, "no expression found in input");
    }
    Expr expr = parser.expr(0);
    Token trailing = parser.peek();
    if (trailing.kind() != Kind.EOF) {
      throw parser.unexpected(trailing, null);
    }
    checkDepth(expr);
    return expr;
  }

  private static PromQlParseException tooDeep(int pos) {
    return new PromQlParseException(
        pos,
        "the expression is more than "
            + MAX_DEPTH
            + " levels deep (nested parentheses, calls and aggregations, or chained operators)");
  }

  /**
   * Rejects a tree deeper than {@link #MAX_DEPTH}. The recursion of {@link #expr} is bounded while
   * parsing; a chain of left-associative operators ({@code a + b + c ...}) is built by a loop, so
   * its depth is measured here, without recursion.
   */
  private static void checkDepth(Expr root) {
    ArrayDeque<Expr> nodes = new ArrayDeque<>();
    ArrayDeque<Integer> depths = new ArrayDeque<>();
    nodes.push(root);
    depths.push(1);
    while (!nodes.isEmpty()) {
      Expr e = nodes.pop();
      int d = depths.pop();
      if (d > MAX_DEPTH) {
        throw tooDeep(e.pos());
      }
      for (Expr child : children(e)) {
        nodes.push(child);
        depths.push(d + 1);
      }
    }
  }

  private static List<Expr> children(Expr e) {
    List<Expr> out = new ArrayList<>(2);
    if (e instanceof Binary b) {
      out.add(b.lhs());
      out.add(b.rhs());
    } else if (e instanceof Aggregate a) {
      out.add(a.expr());
      if (a.param() != null) {
        out.add(a.param());
      }
    } else if (e instanceof Call c) {
      out.addAll(c.args());
    } else if (e instanceof Negation n) {
      out.add(n.expr());
    } else if (e instanceof Paren p) {
      out.add(p.expr());
    } else if (e instanceof MatrixSelector m) {
      out.add(m.selector());
    }
    return out;
  }

  /**
   * Parses a series selector, as the {@code match[]} parameter of the metadata endpoints takes it:
   * {@code metric{label="value"}} without offset or range.
   *
   * @throws PromQlParseException when {@code text} is anything else
   */
  public static VectorSelector parseSelector(String text) {
    Expr expr = parse(text);
    if (expr instanceof VectorSelector selector && selector.offsetMillis() == 0) {
      return selector;
    }
    throw new PromQlParseException(
        0, "expected a series selector like metric{label=\"value\"}, got " + text);
  }

  // ------------------------------------------------------------------ binary and unary

  private Expr expr(int minPrecedence) {
    if (depth == MAX_DEPTH) {
      throw tooDeep(peek().pos());
    }
    depth++;
    try {
      return climb(minPrecedence);
    } finally {
      depth--;
    }
  }

  private Expr climb(int minPrecedence) {
    Expr lhs = unary();
    while (true) {
      Token t = peek();
      rejectUnsupportedOperator(t);
      BinaryOp op = binaryOp(t);
      if (op == null || op.precedence() < minPrecedence) {
        return lhs;
      }
      next();
      boolean returnBool = false;
      if (peek().isWord("bool")) {
        next();
        returnBool = true;
      }
      VectorMatching matching = null;
      if (peek().isWord("on") || peek().isWord("ignoring")) {
        boolean on = next().isWord("on");
        matching = new VectorMatching(on, labelList("in grouping opts"));
      }
      Token group = peek();
      if (group.isWord("group_left") || group.isWord("group_right")) {
        throw new PromQlParseException(
            group.pos(),
            "'"
                + group.text().toLowerCase(Locale.ROOT)
                + "' (many-to-one matching) is not supported");
      }
      Expr rhs = expr(op.isRightAssociative() ? op.precedence() : op.precedence() + 1);
      lhs = binary(op, lhs, rhs, returnBool, matching, t.pos());
    }
  }

  private static void rejectUnsupportedOperator(Token t) {
    for (String word : List.of("and", "or", "unless")) {
      if (t.isWord(word)) {
        throw new PromQlParseException(t.pos(), "set operator '" + word + "' is not supported");
      }
    }
    if (t.isWord("atan2")) {
      throw new PromQlParseException(t.pos(), "operator 'atan2' is not supported");
    }
  }

  private static BinaryOp binaryOp(Token t) {
    return switch (t.kind()) {
      case ADD -> BinaryOp.ADD;
      case SUB -> BinaryOp.SUB;
      case MUL -> BinaryOp.MUL;
      case DIV -> BinaryOp.DIV;
      case MOD -> BinaryOp.MOD;
      case POW -> BinaryOp.POW;
      case EQLC -> BinaryOp.EQLC;
      case NEQ -> BinaryOp.NEQ;
      case LSS -> BinaryOp.LSS;
      case LTE -> BinaryOp.LTE;
      case GTR -> BinaryOp.GTR;
      case GTE -> BinaryOp.GTE;
      default -> null;
    };
  }

  private static Expr binary(
      BinaryOp op, Expr lhs, Expr rhs, boolean returnBool, VectorMatching matching, int pos) {
    for (Expr side : List.of(lhs, rhs)) {
      if (side.type() != ValueType.SCALAR && side.type() != ValueType.VECTOR) {
        throw new PromQlParseException(
            pos, "binary expression must contain only scalar and instant vector types");
      }
    }
    if (returnBool && !op.isComparison()) {
      throw new PromQlParseException(pos, "bool modifier can only be used on comparison operators");
    }
    boolean vectors = lhs.type() == ValueType.VECTOR && rhs.type() == ValueType.VECTOR;
    if (op.isComparison()
        && !returnBool
        && lhs.type() == ValueType.SCALAR
        && rhs.type() == ValueType.SCALAR) {
      throw new PromQlParseException(pos, "comparisons between scalars must use BOOL modifier");
    }
    if (!vectors && matching != null && !matching.labels().isEmpty()) {
      throw new PromQlParseException(pos, "vector matching only allowed between instant vectors");
    }
    VectorMatching effective =
        vectors ? (matching == null ? VectorMatching.DEFAULT : matching) : null;
    return new Binary(op, lhs, rhs, returnBool, effective, pos);
  }

  private Expr unary() {
    Token t = peek();
    if (t.kind() == Kind.ADD || t.kind() == Kind.SUB) {
      next();
      // Prometheus gives unary minus the precedence of '*': only '^' binds tighter.
      Expr operand = expr(BinaryOp.POW.precedence());
      if (operand.type() != ValueType.SCALAR && operand.type() != ValueType.VECTOR) {
        throw new PromQlParseException(
            t.pos(),
            "unary expression only allowed on expressions of type scalar or instant vector, got \""
                + operand.type().description()
                + "\"");
      }
      if (t.kind() == Kind.ADD) {
        return operand;
      }
      if (operand instanceof NumberLiteral n) {
        return new NumberLiteral(-n.value(), t.pos());
      }
      return new Negation(operand, t.pos());
    }
    return postfix(primary());
  }

  // ------------------------------------------------------------------ postfix: range, offset

  private Expr postfix(Expr expr) {
    Expr e = expr;
    while (true) {
      Token t = peek();
      if (t.kind() == Kind.LEFT_BRACKET) {
        e = range(e);
      } else if (t.isWord("offset")) {
        e = offset(e);
      } else if (t.kind() == Kind.AT) {
        throw new PromQlParseException(t.pos(), "the @ modifier is not supported");
      } else {
        return e;
      }
    }
  }

  private Expr range(Expr e) {
    Token open = next();
    Token duration = next();
    if (duration.kind() == Kind.COLON) {
      throw new PromQlParseException(open.pos(), "subqueries are not supported");
    }
    if (duration.kind() != Kind.DURATION) {
      throw unexpected(duration, "in subquery or range selector, expected duration");
    }
    Token close = next();
    if (close.kind() == Kind.COLON) {
      throw new PromQlParseException(open.pos(), "subqueries are not supported");
    }
    if (close.kind() != Kind.RIGHT_BRACKET) {
      throw unexpected(close, "in range selector, expected \"]\"");
    }
    if (!(e instanceof VectorSelector selector)) {
      throw new PromQlParseException(open.pos(), "ranges only allowed for vector selectors");
    }
    if (selector.offsetMillis() != 0) {
      throw new PromQlParseException(open.pos(), "no offset modifiers allowed before range");
    }
    return new MatrixSelector(selector, positiveDuration(duration), e.pos());
  }

  private Expr offset(Expr e) {
    next();
    boolean negative = false;
    if (peek().kind() == Kind.SUB) {
      next();
      negative = true;
    }
    Token duration = next();
    if (duration.kind() != Kind.DURATION) {
      throw unexpected(duration, "in offset, expected duration");
    }
    long millis = positiveDuration(duration);
    long offset = negative ? -millis : millis;
    if (e instanceof VectorSelector selector) {
      if (selector.offsetMillis() != 0) {
        throw new PromQlParseException(duration.pos(), "offset may not be set multiple times");
      }
      return selector.withOffset(offset);
    }
    if (e instanceof MatrixSelector matrix) {
      if (matrix.selector().offsetMillis() != 0) {
        throw new PromQlParseException(duration.pos(), "offset may not be set multiple times");
      }
      return new MatrixSelector(
          matrix.selector().withOffset(offset), matrix.rangeMillis(), matrix.pos());
    }
    throw new PromQlParseException(
        e.pos(),
        "offset modifier must be preceded by an instant vector selector or range vector selector"
            + " or a subquery");
  }

  private static long positiveDuration(Token duration) {
    long millis;
    try {
      millis = Durations.parseMillis(duration.text());
    } catch (IllegalArgumentException e) {
      throw new PromQlParseException(duration.pos(), e.getMessage());
    }
    if (millis == 0) {
      throw new PromQlParseException(duration.pos(), "duration must be greater than 0");
    }
    return millis;
  }

  // ------------------------------------------------------------------ primaries

  private Expr primary() {
    Token t = next();
    return switch (t.kind()) {
      case NUMBER -> new NumberLiteral(parseNumber(t), t.pos());
      case STRING -> new StringLiteral(t.value(), t.pos());
      case LEFT_PAREN -> {
        Expr inner = expr(0);
        Token close = next();
        if (close.kind() == Kind.EOF) {
          throw new PromQlParseException(close.pos(), "unclosed left parenthesis");
        }
        if (close.kind() != Kind.RIGHT_PAREN) {
          throw unexpected(close, "in paren expression, expected \")\"");
        }
        yield new Paren(inner, t.pos());
      }
      case LEFT_BRACE -> {
        back();
        yield selector(null, t.pos());
      }
      case IDENTIFIER -> identifier(t);
      case RIGHT_PAREN ->
          throw new PromQlParseException(t.pos(), "unexpected right parenthesis ')'");
      default -> throw unexpected(t, null);
    };
  }

  private Expr identifier(Token t) {
    String lower = t.text().toLowerCase(Locale.ROOT);
    AggregateOp op = AggregateOp.byKeyword(lower);
    if (op != null) {
      return aggregation(op, t);
    }
    if (AggregateOp.UNSUPPORTED.contains(lower)) {
      throw new PromQlParseException(t.pos(), "aggregation '" + lower + "' is not supported");
    }
    if (KEYWORDS.contains(lower)) {
      rejectUnsupportedOperator(t);
      throw unexpected(t, null);
    }
    if (peek().kind() == Kind.LEFT_PAREN) {
      return call(t);
    }
    return selector(t.text(), t.pos());
  }

  private Expr selector(String name, int pos) {
    List<LabelMatcher> matchers = new ArrayList<>();
    if (name != null) {
      matchers.add(LabelMatcher.equal(LabelMatcher.METRIC_NAME, name));
    }
    if (peek().kind() == Kind.LEFT_BRACE) {
      next();
      while (peek().kind() != Kind.RIGHT_BRACE) {
        matchers.add(matcher(name));
        Token sep = peek();
        if (sep.kind() == Kind.COMMA) {
          next();
        } else if (sep.kind() != Kind.RIGHT_BRACE) {
          throw unexpected(sep, "in label matching, expected \",\" or \"}\"");
        }
      }
      next();
    }
    if (matchers.stream().allMatch(LabelMatcher::matchesEmpty)) {
      throw new PromQlParseException(
          pos, "vector selector must contain at least one non-empty matcher");
    }
    return new VectorSelector(name, matchers, 0, pos);
  }

  private LabelMatcher matcher(String metricName) {
    Token label = next();
    if (label.kind() != Kind.IDENTIFIER || label.text().indexOf(':') >= 0) {
      throw unexpected(label, "in label matching, expected label");
    }
    Token op = next();
    LabelMatcher.Type type =
        switch (op.kind()) {
          case EQL -> LabelMatcher.Type.EQUAL;
          case NEQ -> LabelMatcher.Type.NOT_EQUAL;
          case EQL_REGEX -> LabelMatcher.Type.REGEX;
          case NEQ_REGEX -> LabelMatcher.Type.NOT_REGEX;
          default -> throw unexpected(op, "in label matching, expected label matching operator");
        };
    Token value = next();
    if (value.kind() != Kind.STRING) {
      throw unexpected(value, "in label matching, expected string");
    }
    if (metricName != null && label.text().equals(LabelMatcher.METRIC_NAME)) {
      throw new PromQlParseException(
          label.pos(),
          "metric name must not be set twice: \"" + metricName + "\" or \"" + value.value() + "\"");
    }
    try {
      return new LabelMatcher(label.text(), type, value.value());
    } catch (IllegalArgumentException e) {
      throw new PromQlParseException(label.pos(), e.getMessage());
    }
  }

  private Expr call(Token name) {
    PromFunction function = PromFunction.byName(name.text());
    if (function == null) {
      if (PromFunction.isUnsupported(name.text())) {
        throw new PromQlParseException(
            name.pos(), "function '" + name.text() + "' is not supported");
      }
      throw new PromQlParseException(
          name.pos(), "unknown function with name \"" + name.text() + "\"");
    }
    List<Expr> args = arguments("in call to function \"" + name.text() + "\"");
    List<ValueType> types = function.argTypes();
    if (args.size() != types.size()) {
      throw new PromQlParseException(
          name.pos(),
          "expected "
              + types.size()
              + " argument(s) in call to \""
              + name.text()
              + "\", got "
              + args.size());
    }
    for (int i = 0; i < args.size(); i++) {
      Expr arg = args.get(i);
      if (arg.type() != types.get(i)) {
        throw new PromQlParseException(
            arg.pos(),
            "expected type "
                + types.get(i).description()
                + " in call to function \""
                + name.text()
                + "\", got "
                + arg.type().description());
      }
    }
    return new Call(function, args, name.pos());
  }

  private Expr aggregation(AggregateOp op, Token keyword) {
    List<String> grouping = null;
    boolean without = false;
    if (peek().isWord("by") || peek().isWord("without")) {
      without = next().isWord("without");
      grouping = labelList("in grouping opts");
    }
    if (peek().kind() != Kind.LEFT_PAREN) {
      throw unexpected(peek(), "in aggregation, expected \"(\"");
    }
    List<Expr> args = arguments("in aggregation");
    if (grouping == null && (peek().isWord("by") || peek().isWord("without"))) {
      without = next().isWord("without");
      grouping = labelList("in grouping opts");
    }
    int expected = op.hasParameter() ? 2 : 1;
    if (args.size() != expected) {
      throw new PromQlParseException(
          keyword.pos(),
          "wrong number of arguments for aggregate expression provided, expected "
              + expected
              + ", got "
              + args.size());
    }
    Expr expr = args.get(expected - 1);
    if (expr.type() != ValueType.VECTOR) {
      throw new PromQlParseException(
          expr.pos(),
          "expected type instant vector in aggregation expression, got "
              + expr.type().description());
    }
    Expr param = op.hasParameter() ? args.get(0) : null;
    if (param != null && param.type() != ValueType.SCALAR) {
      throw new PromQlParseException(
          param.pos(),
          "expected type scalar in aggregation parameter, got " + param.type().description());
    }
    return new Aggregate(
        op, expr, param, grouping == null ? List.of() : grouping, without, keyword.pos());
  }

  private List<Expr> arguments(String context) {
    next(); // (
    List<Expr> args = new ArrayList<>();
    if (peek().kind() == Kind.RIGHT_PAREN) {
      next();
      return args;
    }
    while (true) {
      args.add(expr(0));
      Token t = next();
      if (t.kind() == Kind.RIGHT_PAREN) {
        return args;
      }
      if (t.kind() != Kind.COMMA) {
        throw unexpected(t, context + ", expected \",\" or \")\"");
      }
    }
  }

  /** {@code (a, b, c)}, a trailing comma allowed; keywords are valid label names here. */
  private List<String> labelList(String context) {
    Token open = next();
    if (open.kind() != Kind.LEFT_PAREN) {
      throw unexpected(open, context + ", expected \"(\"");
    }
    List<String> labels = new ArrayList<>();
    while (true) {
      Token t = next();
      if (t.kind() == Kind.RIGHT_PAREN) {
        return labels;
      }
      if (t.kind() != Kind.IDENTIFIER || t.text().indexOf(':') >= 0) {
        throw unexpected(t, context + ", expected label");
      }
      labels.add(t.text());
      Token sep = peek();
      if (sep.kind() == Kind.COMMA) {
        next();
      } else if (sep.kind() != Kind.RIGHT_PAREN) {
        throw unexpected(sep, context + ", expected \",\" or \")\"");
      }
    }
  }

  // ------------------------------------------------------------------ helpers

  static double parseNumber(Token t) {
    String text = t.text();
    String lower = text.toLowerCase(Locale.ROOT);
    if (lower.equals("inf")) {
      return Double.POSITIVE_INFINITY;
    }
    if (lower.equals("nan")) {
      return Double.NaN;
    }
    try {
      if (lower.startsWith("0x")) {
        return new BigInteger(text.substring(2), 16).doubleValue();
      }
      // Go's ParseInt with base 0, which Prometheus tries first: a leading 0 means octal.
      if (text.length() > 1
          && text.charAt(0) == '0'
          && text.chars().allMatch(c -> c >= '0' && c <= '7')) {
        return new BigInteger(text.substring(1), 8).doubleValue();
      }
      return Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw new PromQlParseException(t.pos(), "bad number syntax: \"" + text + "\"");
    }
  }

  private PromQlParseException unexpected(Token t, String context) {
    String what;
    if (t.kind() == Kind.IDENTIFIER && KEYWORDS.contains(t.text().toLowerCase(Locale.ROOT))) {
      what = "<" + t.text().toLowerCase(Locale.ROOT) + ">";
    } else {
      what = t.describe();
    }
    return new PromQlParseException(
        t.pos(), "unexpected " + what + (context == null ? "" : " " + context));
  }

  private Token peek() {
    return tokens.get(next);
  }

  private Token next() {
    Token t = tokens.get(next);
    if (t.kind() != Kind.EOF) {
      next++;
    }
    return t;
  }

  private void back() {
    next--;
  }
}
