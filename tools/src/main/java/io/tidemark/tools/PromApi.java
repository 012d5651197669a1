package io.tidemark.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads answers of the Prometheus HTTP API ({@code /api/v1/query}, {@code /api/v1/query_range}),
 * which Tidemark, Prometheus and VictoriaMetrics all serve.
 */
final class PromApi {

  private static final ObjectMapper JSON = new ObjectMapper();

  private PromApi() {}

  /** {@code millis} since the epoch as the API's decimal seconds ({@code 1700000000.123}). */
  static String seconds(long millis) {
    return BigDecimal.valueOf(millis, 3).toPlainString();
  }

  /**
   * The number of series (or vector elements) in a successful answer; an {@link
   * IllegalStateException} with the error when {@code status} is not {@code success}.
   */
  static int resultCount(String body) {
    JsonNode root = parse(body);
    return root.path("data").path("result").size();
  }

  /**
   * Every value of a matrix answer whose timestamp is after {@code fromMillis} and at or before
   * {@code toMillis}, over all its series.
   */
  static List<Double> matrixValues(String body, long fromMillis, long toMillis) {
    JsonNode root = parse(body);
    List<Double> out = new ArrayList<>();
    for (JsonNode series : root.path("data").path("result")) {
      for (JsonNode point : series.path("values")) {
        long ts = new BigDecimal(point.get(0).asText()).movePointRight(3).longValue();
        if (ts > fromMillis && ts <= toMillis) {
          out.add(Double.parseDouble(point.get(1).asText()));
        }
      }
    }
    return out;
  }

  private static JsonNode parse(String body) {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException("not a Prometheus API answer", e);
    }
    if (!"success".equals(root.path("status").asText())) {
      throw new IllegalStateException(
          "query failed: " + root.path("errorType").asText() + ": " + root.path("error").asText());
    }
    return root;
  }
}
