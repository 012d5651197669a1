package io.tidemark.query.export;

import io.tidemark.query.promql.Parser;
import io.tidemark.query.promql.PromQlParseException;
import io.tidemark.storage.LabelMatcher;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Objects;

/**
 * What to export: the series matching any of the selectors, and the time range.
 *
 * <p>The parsing helpers are shared by the HTTP endpoint and the {@code export} command, so both
 * read selectors and times alike; they throw {@link IllegalArgumentException} with a message that
 * says what is wrong but not which parameter it was, which the caller adds in its own notation.
 *
 * @param selectors each a list of matchers as a PromQL series selector gives them; a series is
 *     exported when it matches every matcher of at least one selector
 * @param fromMillis the first instant exported, inclusive ({@link Long#MIN_VALUE}: no bound)
 * @param toMillis the last instant exported, inclusive ({@link Long#MAX_VALUE}: no bound)
 */
public record ExportRequest(List<List<LabelMatcher>> selectors, long fromMillis, long toMillis) {

  /** The selector of every series. */
  public static final String EVERY_SERIES = "{__name__=~\".+\"}";

  /** Requires a selector and a range that does not end before it starts. */
  public ExportRequest {
    Objects.requireNonNull(selectors, "selectors");
    if (selectors.isEmpty()) {
      throw new IllegalArgumentException("no series selector given");
    }
    selectors = selectors.stream().map(List::copyOf).toList();
    if (toMillis < fromMillis) {
      throw new IllegalArgumentException("the end of the range is before its start");
    }
  }

  /**
   * Parses a series selector like {@code container_cpu_usage_seconds_total{namespace="web"}}, with
   * the syntax and rules of PromQL (at least one matcher that does not match the empty string).
   *
   * @throws IllegalArgumentException when {@code text} is not a series selector
   */
  public static List<LabelMatcher> parseSelector(String text) {
    try {
      return Parser.parseSelector(text).matchers();
    } catch (PromQlParseException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /**
   * Parses a time as the Prometheus API takes it: unix seconds with up to any number of decimals
   * (rounded to the millisecond, halves away from zero) or RFC 3339 ({@code 2026-11-01T12:00:00Z},
   * {@code 2026-11-01T13:00:00.5+01:00}).
   *
   * @return milliseconds since the epoch
   * @throws IllegalArgumentException when {@code text} is neither
   */
  public static long parseTime(String text) {
    String t = text.strip();
    try {
      if (!t.isEmpty() && (Character.isDigit(t.charAt(0)) || "+-.".indexOf(t.charAt(0)) >= 0)) {
        if (!t.contains("T")) {
          BigDecimal millis = new BigDecimal(t).movePointRight(3);
          if (millis.precision() - millis.scale() > 19) {
            // Out of range whatever the digits; checked before a large exponent is expanded.
            throw new ArithmeticException("out of range");
          }
          return millis.setScale(0, RoundingMode.HALF_UP).longValueExact();
        }
      }
      return OffsetDateTime.parse(t, DateTimeFormatter.ISO_OFFSET_DATE_TIME)
          .toInstant()
          .toEpochMilli();
    } catch (NumberFormatException | ArithmeticException | DateTimeParseException e) {
      throw new IllegalArgumentException(
          "cannot parse \"" + text + "\" to a valid timestamp (unix seconds or RFC 3339)", e);
    }
  }
}
