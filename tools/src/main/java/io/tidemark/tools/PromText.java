package io.tidemark.tools;

import java.util.OptionalDouble;

/**
 * Reads figures out of a Prometheus text exposition (a {@code /metrics} body), as Prometheus and
 * VictoriaMetrics serve about themselves.
 *
 * <p>Only what fleet runs need: the sum of every sample of one metric name, whatever its labels
 * (Prometheus 2.42 splits {@code prometheus_tsdb_head_samples_appended_total} by {@code type}).
 * Label values may hold spaces, braces and escaped quotes; comments and other names are skipped.
 */
final class PromText {

  private PromText() {}

  /** The sum of the samples named {@code metric} in {@code body}; empty if there are none. */
  static OptionalDouble sum(String body, String metric) {
    double total = 0;
    boolean found = false;
    for (String raw : body.split("\n")) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#") || !line.startsWith(metric)) {
        continue;
      }
      int i = metric.length();
      if (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') {
        continue; // a longer name with this one as prefix
      }
      if (i < line.length() && line.charAt(i) == '{') {
        i = endOfLabels(line, i);
      }
      String[] rest = line.substring(i).strip().split("\\s+");
      total += parseValue(rest[0], line);
      found = true;
    }
    return found ? OptionalDouble.of(total) : OptionalDouble.empty();
  }

  /** The sum of {@code metric}; an {@link IllegalStateException} naming it if it is absent. */
  static double require(String body, String metric) {
    OptionalDouble v = sum(body, metric);
    if (v.isEmpty()) {
      throw new IllegalStateException("no " + metric + " in the /metrics body");
    }
    return v.getAsDouble();
  }

  /** The index just past the {@code '}'} closing the label set opened at {@code open}. */
  private static int endOfLabels(String line, int open) {
    boolean quoted = false;
    for (int i = open + 1; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '\\') {
          i++; // skip the escaped character
        } else if (c == '"') {
          quoted = false;
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == '}') {
        return i + 1;
      }
    }
    throw new IllegalArgumentException("unterminated label set: " + line);
  }

  private static double parseValue(String token, String line) {
    return switch (token) {
      case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      case "NaN" -> Double.NaN;
      default -> {
        try {
          yield Double.parseDouble(token);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("not a sample value in: " + line, e);
        }
      }
    };
  }
}
