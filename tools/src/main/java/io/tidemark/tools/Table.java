package io.tidemark.tools;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A Markdown table, the first column left-aligned and the others right-aligned (they hold figures)
 * unless said otherwise, and the number formats fleet reports use. Figures that could not be
 * measured print as {@code n/a}, never as 0.
 *
 * <p>Not thread-safe: build it on one thread.
 */
final class Table {

  /** What a figure that could not be measured prints as. */
  static final String NA = "n/a";

  private final List<String> headers;
  private final List<List<String>> rows = new ArrayList<>();
  private final Set<Integer> left = new HashSet<>(List.of(0));

  /** A table with these column headers. */
  Table(String... headers) {
    if (headers.length == 0) {
      throw new IllegalArgumentException("a table needs a column");
    }
    this.headers = List.of(headers);
  }

  /** Left-aligns column {@code column} (counted from 0) too: a column of text. */
  Table leftAligned(int column) {
    if (column < 0 || column >= headers.size()) {
      throw new IllegalArgumentException("no column " + column);
    }
    left.add(column);
    return this;
  }

  /** Adds a row; it must have one cell per column. */
  Table row(String... cells) {
    if (cells.length != headers.size()) {
      throw new IllegalArgumentException(
          "row has " + cells.length + " cells, table has " + headers.size() + " columns");
    }
    rows.add(Arrays.asList(cells));
    return this;
  }

  /** The table in GitHub-flavoured Markdown, one line per row, ending with a newline. */
  String markdown() {
    StringBuilder out = new StringBuilder();
    line(out, headers);
    List<String> rule = new ArrayList<>();
    for (int i = 0; i < headers.size(); i++) {
      rule.add(left.contains(i) ? "---" : "---:");
    }
    line(out, rule);
    for (List<String> row : rows) {
      line(out, row);
    }
    return out.toString();
  }

  private static void line(StringBuilder out, List<String> cells) {
    out.append('|');
    for (String cell : cells) {
      out.append(' ').append(cell.replace("|", "\\|")).append(" |");
    }
    out.append('\n');
  }

  /**
   * {@code v} with {@code decimals} decimals and thousands separators; {@code n/a} if not finite.
   */
  static String number(double v, int decimals) {
    if (!Double.isFinite(v)) {
      return NA;
    }
    return String.format(Locale.ROOT, "%,." + decimals + "f", v);
  }

  /** Milliseconds with one decimal ({@code 12.3 ms}); {@code n/a} if not finite. */
  static String millis(double ms) {
    return Double.isFinite(ms) ? number(ms, 1) + " ms" : NA;
  }

  /** A whole number with thousands separators; {@code n/a} if negative (unknown). */
  static String count(long v) {
    return v < 0 ? NA : String.format(Locale.ROOT, "%,d", v);
  }

  /** Bytes in MiB with one decimal ({@code 123.4 MiB}); {@code n/a} if negative. */
  static String mib(long bytes) {
    return bytes < 0 ? NA : String.format(Locale.ROOT, "%,.1f MiB", bytes / 1048576.0);
  }

  /**
   * {@code numerator / denominator} as {@code 0.42x}, two significant decimals; {@code n/a} when
   * either is unknown (not finite, negative) or the denominator is zero.
   */
  static String ratio(double numerator, double denominator) {
    double r = ratioValue(numerator, denominator);
    return Double.isNaN(r) ? NA : String.format(Locale.ROOT, "%.2fx", r);
  }

  /** The ratio {@link #ratio} prints, NaN where it prints {@code n/a}. */
  static double ratioValue(double numerator, double denominator) {
    if (!Double.isFinite(numerator)
        || !Double.isFinite(denominator)
        || numerator < 0
        || denominator <= 0) {
      return Double.NaN;
    }
    return numerator / denominator;
  }
}
