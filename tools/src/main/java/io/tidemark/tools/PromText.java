package io.tidemark.tools;

import io.tidemark.collector.promtext.PromTextParseException;
import io.tidemark.collector.promtext.PromTextParser;
import java.nio.charset.StandardCharsets;
import java.util.OptionalDouble;

/**
 * Reads figures out of a Prometheus text exposition (a {@code /metrics} body), as Prometheus and
 * VictoriaMetrics serve about themselves, with the collector's own {@link PromTextParser}.
 *
 * <p>Only what fleet runs need: the sum of every sample of one metric name, whatever its labels
 * (Prometheus 2.42 splits {@code prometheus_tsdb_head_samples_appended_total} by {@code type}). A
 * body that is not valid text format is an {@link IllegalArgumentException} naming its line.
 *
 * <p>Thread safety: stateless; each call parses with a parser of its own.
 */
final class PromText {

  private PromText() {}

  /** The sum of the samples named {@code metric} in {@code body}; empty if there are none. */
  static OptionalDouble sum(String body, String metric) {
    double[] total = {0};
    boolean[] found = {false};
    try {
      new PromTextParser()
          .parse(
              body.getBytes(StandardCharsets.UTF_8),
              (name, type, labelNames, labelValues, labelCount, value, timestampMillis) -> {
                if (name.equals(metric)) {
                  total[0] += value;
                  found[0] = true;
                }
              });
    } catch (PromTextParseException e) {
      throw new IllegalArgumentException("not a /metrics body: " + e.getMessage(), e);
    }
    return found[0] ? OptionalDouble.of(total[0]) : OptionalDouble.empty();
  }

  /** The sum of {@code metric}; an {@link IllegalStateException} naming it if it is absent. */
  static double require(String body, String metric) {
    OptionalDouble v = sum(body, metric);
    if (v.isEmpty()) {
      throw new IllegalStateException("no " + metric + " in the /metrics body");
    }
    return v.getAsDouble();
  }
}
