package io.tidemark.query.promql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.query.promql.Expr.Aggregate;
import io.tidemark.query.promql.Expr.Binary;
import io.tidemark.query.promql.Expr.Call;
import io.tidemark.query.promql.Expr.MatrixSelector;
import io.tidemark.query.promql.Expr.NumberLiteral;
import io.tidemark.query.promql.Expr.StringLiteral;
import io.tidemark.query.promql.Expr.VectorSelector;
import io.tidemark.storage.LabelMatcher;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ParserTest {

  private static String grouped(String query) {
    return Parser.parse(query).toString();
  }

  // ------------------------------------------------------------------ precedence

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "1 + 2 * 3             | (1 + (2 * 3))",
        "1 * 2 + 3             | ((1 * 2) + 3)",
        "1 - 2 - 3             | ((1 - 2) - 3)",
        "2 ^ 3 ^ 2             | (2 ^ (3 ^ 2))",
        "8 / 2 % 3 * 4         | (((8 / 2) % 3) * 4)",
        "a > b + c * d ^ e     | (a > (b + (c * (d ^ e))))",
        "a + b > c - d         | ((a + b) > (c - d))",
        "a == b != c           | ((a == b) != c)",
        "-a * b                | (-a * b)",
        "-a ^ b                | -(a ^ b)",
        "-a + -b               | (-a + -b)",
        "2 * -3                | (2 * -3)",
        "(1 + 2) * 3           | ((1 + 2) * 3)",
        "a + b offset 5m       | (a + b offset 5m)",
        "a > bool on(x, y) b   | (a > bool on(x, y) b)",
        "a - ignoring(z) b     | (a - ignoring(z) b)",
      })
  void groupsOperatorsAsPrometheusDoes(String query, String expected) {
    assertThat(grouped(query)).isEqualTo(expected);
  }

  // ------------------------------------------------------------------ constructs

  @Test
  void parsesNumbersInEveryNotation() {
    assertThat(number("1e3")).isEqualTo(1000);
    assertThat(number(".5")).isEqualTo(0.5);
    assertThat(number("0x1F")).isEqualTo(31);
    assertThat(number("010")).as("a leading 0 is octal, as Go's ParseInt").isEqualTo(8);
    assertThat(number("Inf")).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(number("-inf")).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(number("NaN")).isNaN();
    assertThat(number("+5")).isEqualTo(5);
  }

  private static double number(String query) {
    return ((NumberLiteral) Parser.parse(query)).value();
  }

  @Test
  void parsesStringsWithGoEscapes() {
    assertThat(string("\"a\\n\\\"b\\\"\\u00e9\\x41\\101\"")).isEqualTo("a\n\"b\"éAA");
    assertThat(string("'it\\'s'")).isEqualTo("it's");
    assertThat(string("`raw \\n`")).isEqualTo("raw \\n");
  }

  private static String string(String query) {
    return ((StringLiteral) Parser.parse(query)).value();
  }

  @Test
  void parsesSelectorsWithAllFourMatchers() {
    VectorSelector s =
        (VectorSelector) Parser.parse("node:cpu:rate5m{a=\"1\", b!=\"2\", c=~\"3.*\", d!~'4',}");

    assertThat(s.name()).isEqualTo("node:cpu:rate5m");
    assertThat(s.matchers())
        .containsExactly(
            LabelMatcher.equal("__name__", "node:cpu:rate5m"),
            LabelMatcher.equal("a", "1"),
            LabelMatcher.notEqual("b", "2"),
            LabelMatcher.regex("c", "3.*"),
            LabelMatcher.notRegex("d", "4"));
  }

  @Test
  void parsesASelectorByNameMatcherAndKeywordsAsLabelNames() {
    VectorSelector s = (VectorSelector) Parser.parse("{__name__=~\"up|down\", by=\"x\"}");

    assertThat(s.name()).isNull();
    assertThat(s.matchers())
        .containsExactly(LabelMatcher.regex("__name__", "up|down"), LabelMatcher.equal("by", "x"));
  }

  @Test
  void parsesRangesAndOffsets() {
    MatrixSelector m = (MatrixSelector) Parser.parse("foo[1h30m] offset 5m");
    assertThat(m.rangeMillis()).isEqualTo(5_400_000);
    assertThat(m.selector().offsetMillis()).isEqualTo(300_000);

    VectorSelector v = (VectorSelector) Parser.parse("foo offset -1d");
    assertThat(v.offsetMillis()).isEqualTo(-86_400_000);
    assertThat(((MatrixSelector) Parser.parse("foo[1y]")).rangeMillis())
        .isEqualTo(365 * 86_400_000L);
    assertThat(((MatrixSelector) Parser.parse("foo[250ms]")).rangeMillis()).isEqualTo(250);
  }

  @Test
  void parsesFunctionCalls() {
    Call c = (Call) Parser.parse("quantile_over_time(0.9, foo[5m])");

    assertThat(c.function()).isEqualTo(PromFunction.QUANTILE_OVER_TIME);
    assertThat(c.args()).hasSize(2);
    assertThat(c.type()).isEqualTo(ValueType.VECTOR);
    assertThat(Parser.parse("time()").type()).isEqualTo(ValueType.SCALAR);
    assertThat(grouped("predict_linear(foo[1h], 4 * 3600)"))
        .isEqualTo("predict_linear(foo[1h], (4 * 3600))");
  }

  @Test
  void parsesAggregationsWithGroupingBeforeOrAfter() {
    Aggregate before = (Aggregate) Parser.parse("sum by (job, instance) (rate(x[5m]))");
    Aggregate after = (Aggregate) Parser.parse("SUM(rate(x[5m])) BY (job, instance)");

    assertThat(before)
        .isEqualTo(
            new Aggregate(
                AggregateOp.SUM, before.expr(), null, List.of("job", "instance"), false, 0));
    assertThat(after.grouping()).containsExactly("job", "instance");
    assertThat(((Aggregate) Parser.parse("avg without (a,) (x)")).without()).isTrue();
    Aggregate topk = (Aggregate) Parser.parse("topk(3, x) by (offset)");
    assertThat(topk.param()).isEqualTo(new NumberLiteral(3, 5));
    assertThat(topk.grouping()).containsExactly("offset");
    assertThat(((Aggregate) Parser.parse("quantile(0.5, x)")).op()).isEqualTo(AggregateOp.QUANTILE);
  }

  @Test
  void keepsVectorMatchingOnlyBetweenVectors() {
    assertThat(((Binary) Parser.parse("a + b")).matching()).isEqualTo(Expr.VectorMatching.DEFAULT);
    assertThat(((Binary) Parser.parse("a + 1")).matching()).isNull();
    assertThat(((Binary) Parser.parse("a > bool 1")).returnBool()).isTrue();
  }

  @Test
  void skipsComments() {
    assertThat(grouped("1 + # one\n 2")).isEqualTo("(1 + 2)");
  }

  @Test
  void parsesASeriesSelectorForTheMetadataEndpoints() {
    assertThat(Parser.parseSelector("up{job=\"a\"}").matchers()).hasSize(2);
    assertThatThrownBy(() -> Parser.parseSelector("sum(up)"))
        .isInstanceOf(PromQlParseException.class);
  }

  // ------------------------------------------------------------------ errors and positions

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "1 > 2                    | 3  | comparisons between scalars must use BOOL modifier",
        "rate(foo)                | 6  | expected type range vector in call to function \"rate\","
            + " got instant vector",
        "foo offset 1m [5m]       | 15 | no offset modifiers allowed before range",
        "sum(foo) by (a) by (b)   | 17 | unexpected <by>",
        "foo $                    | 5  | unexpected character: '$'",
        "foo offset 0s            | 12 | duration must be greater than 0",
        "foo[0s]                  | 5  | duration must be greater than 0",
        "(foo)[5m]                | 6  | ranges only allowed for vector selectors",
        "sum(foo) offset 5m       | 1  | offset modifier must be preceded by an instant vector"
            + " selector or range vector selector or a subquery",
        "5m                       | 1  | unexpected duration \"5m\"",
        "'abc                     | 1  | unterminated quoted string",
        "foo{a=\"b\"              | 10 | unexpected end of input in label matching, expected"
            + " \",\" or \"}\"",
        "foo bar                  | 5  | unexpected identifier \"bar\"",
        "a + bool b               | 3  | bool modifier can only be used on comparison operators",
        "rate(foo[5m], 1)         | 1  | expected 1 argument(s) in call to \"rate\", got 2",
        "sum(foo, bar)            | 1  | wrong number of arguments for aggregate expression"
            + " provided, expected 1, got 2",
        "topk(x, y)               | 6  | expected type scalar in aggregation parameter, got"
            + " instant vector",
        "sum(x[5m])               | 5  | expected type instant vector in aggregation expression,"
            + " got range vector",
        "x[5m] + 1                | 7  | binary expression must contain only scalar and instant"
            + " vector types",
        "-'a'                     | 1  | unary expression only allowed on expressions of type"
            + " scalar or instant vector, got \"string\"",
        "1 + on(a) x              | 3  | vector matching only allowed between instant vectors",
        "{a=\"\"}                 | 1  | vector selector must contain at least one non-empty"
            + " matcher",
        "foo{__name__=\"bar\"}    | 5  | metric name must not be set twice: \"foo\" or \"bar\"",
        "foo offset 1m offset 2m  | 22 | offset may not be set multiple times",
        "1.5x                     | 1  | bad number or duration syntax: \"1.5x\"",
        "(1                       | 3  | unclosed left parenthesis",
        "foo_bar(1)               | 1  | unknown function with name \"foo_bar\"",
      })
  void reportsErrorsWithTheirPosition(String query, int position, String detail) {
    assertThatThrownBy(() -> Parser.parse(query.strip()))
        .isInstanceOfSatisfying(
            PromQlParseException.class,
            e -> {
              assertThat(e.detail()).isEqualTo(detail);
              assertThat(e.position()).isEqualTo(position);
            })
        .hasMessage("parse error at char " + position + ": " + detail);
  }

  @Test
  void reportsAnInvalidRegexAtItsLabel() {
    assertThatThrownBy(() -> Parser.parse("foo{a=~\"(\"}"))
        .isInstanceOf(PromQlParseException.class)
        .hasMessageStartingWith("parse error at char 5: invalid regular expression in a=~\"(\"");
  }

  @Test
  void limitsTheDepthOfNestingAndOfOperatorChains() {
    int limit = Parser.MAX_DEPTH;
    // Depth counts nodes from the root: limit - 1 parentheses around a selector, a chain of
    // limit - 1 left-associative operators.
    assertThat(Parser.parse("(".repeat(limit - 1) + "x" + ")".repeat(limit - 1)))
        .isInstanceOf(Expr.Paren.class);
    assertThat(Parser.parse("x" + " + x".repeat(limit - 1))).isInstanceOf(Binary.class);

    assertThatThrownBy(() -> Parser.parse("(".repeat(limit) + "x" + ")".repeat(limit)))
        .isInstanceOfSatisfying(
            PromQlParseException.class, e -> assertThat(e.position()).isEqualTo(limit + 1))
        .hasMessageEndingWith(
            "the expression is more than "
                + limit
                + " levels deep"
                + " (nested parentheses, calls and aggregations, or chained operators)");
    // The deepest operands of a left-associative chain are its first two.
    assertThatThrownBy(() -> Parser.parse("x" + " + x".repeat(limit)))
        .isInstanceOfSatisfying(
            PromQlParseException.class, e -> assertThat(e.position()).isIn(1, 5))
        .hasMessageContaining("levels deep");
    assertThatThrownBy(() -> Parser.parse("abs(".repeat(50_000) + "x" + ")".repeat(50_000)))
        .isInstanceOf(PromQlParseException.class)
        .hasMessageContaining("levels deep");
  }

  @Test
  void reportsAnEmptyQuery() {
    assertThatThrownBy(() -> Parser.parse("  "))
        .hasMessage("parse error at char 1: no expression found in input");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "histogram_quantile(0.9, x)    | 1  | function 'histogram_quantile' is not supported",
        "label_replace(x, 'a', 'b', 'c', 'd') | 1 | function 'label_replace' is not supported",
        "stddev(x)                     | 1  | aggregation 'stddev' is not supported",
        "count_values('v', x)          | 1  | aggregation 'count_values' is not supported",
        "a and b                       | 3  | set operator 'and' is not supported",
        "a or b                        | 3  | set operator 'or' is not supported",
        "a unless b                    | 3  | set operator 'unless' is not supported",
        "a atan2 b                     | 3  | operator 'atan2' is not supported",
        "a * on(x) group_left(y) b     | 11 | 'group_left' (many-to-one matching) is not supported",
        "a / group_right b             | 5  | 'group_right' (many-to-one matching) is not supported",
        "x @ 1609746000                | 3  | the @ modifier is not supported",
        "x @ start()                   | 3  | the @ modifier is not supported",
        "rate(x[5m:1m])                | 7  | subqueries are not supported",
        "max_over_time(rate(x[5m])[1h:]) | 26 | subqueries are not supported",
      })
  void rejectsUnsupportedFeaturesByName(String query, int position, String detail) {
    assertThatThrownBy(() -> Parser.parse(query.strip()))
        .isInstanceOfSatisfying(
            PromQlParseException.class,
            e -> {
              assertThat(e.detail()).isEqualTo(detail);
              assertThat(e.position()).isEqualTo(position);
            });
  }
}
