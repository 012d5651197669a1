package io.tidemark.testkit;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The series of a Prometheus query answer, each label set with its points, so that answers from
 * different servers and clients can be compared point by point.
 *
 * <p>Times are kept in milliseconds as written (read as decimals, never through a double), values
 * as doubles read from their text ({@code NaN}, {@code +Inf}, {@code -Inf} included). A scalar is
 * one series without labels.
 *
 * <p>Some helpers serve the load tools: {@link #resultCount} counts the series of an answer without
 * reading its points, {@link #values} lists the points of a window, {@link #seconds} writes a time
 * as the API reads it.
 *
 * <p>Thread safety: immutable; safe from any thread.
 *
 * @param series each label set (sorted by name) with its points, time in ms to value
 */
public record PromAnswer(Map<Map<String, String>, NavigableMap<Long, Double>> series) {

  /** Reads JSON numbers as decimals, so times keep the digits they were written with. */
  public static final ObjectMapper MAPPER =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  public PromAnswer {
    Map<Map<String, String>, NavigableMap<Long, Double>> copy = new LinkedHashMap<>();
    series.forEach(
        (labels, points) ->
            copy.put(
                Collections.unmodifiableMap(new TreeMap<>(labels)),
                Collections.unmodifiableNavigableMap(new TreeMap<>(points))));
    series = Collections.unmodifiableMap(copy);
  }

  /**
   * The answer of {@code /api/v1/query} or {@code /api/v1/query_range}: the whole body, which must
   * say {@code "status":"success"} (else an {@link IllegalStateException} with the server's error).
   */
  public static PromAnswer ofApiBody(String body) {
    return ofResult(successfulResult(body));
  }

  /**
   * The number of series (or vector elements) of an API answer, without reading their points; an
   * {@link IllegalStateException} with the error when its {@code status} is not {@code success}.
   */
  public static int resultCount(String body) {
    return successfulResult(body).size();
  }

  /**
   * The {@code data.result} of an API answer; an {@link IllegalStateException} with the server's
   * {@code errorType} and {@code error} when its {@code status} is not {@code success}, an {@link
   * IllegalArgumentException} when it is not JSON.
   */
  private static JsonNode successfulResult(String body) {
    JsonNode root;
    try {
      root = MAPPER.readTree(body);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON: " + body, e);
    }
    if (!root.path("status").asText().equals("success")) {
      throw new IllegalStateException(
          "query failed: " + root.path("errorType").asText() + ": " + root.path("error").asText());
    }
    return root.path("data").path("result");
  }

  /** {@code millis} since the epoch as the API's decimal seconds ({@code 1700000000.123}). */
  public static String seconds(long millis) {
    return BigDecimal.valueOf(millis, 3).toPlainString();
  }

  /**
   * A bare result: an array of vector elements ({@code value}) or matrix series ({@code values}),
   * or a scalar {@code [time, "value"]}; what {@code promtool query -o json} prints.
   */
  public static PromAnswer ofResult(JsonNode result) {
    Map<Map<String, String>, NavigableMap<Long, Double>> series = new LinkedHashMap<>();
    if (result.isArray() && result.size() == 2 && result.get(0).isNumber()) {
      NavigableMap<Long, Double> point = new TreeMap<>();
      point.put(millis(result.get(0)), value(result.get(1)));
      series.put(Map.of(), point);
      return new PromAnswer(series);
    }
    if (!result.isArray()) {
      throw new IllegalArgumentException("not a query result: " + result);
    }
    for (JsonNode element : result) {
      Map<String, String> labels = new TreeMap<>();
      element
          .path("metric")
          .properties()
          .forEach(e -> labels.put(e.getKey(), e.getValue().textValue()));
      NavigableMap<Long, Double> points = new TreeMap<>();
      if (element.has("value")) {
        points.put(millis(element.get("value").get(0)), value(element.get("value").get(1)));
      } else {
        for (JsonNode pair : element.path("values")) {
          points.put(millis(pair.get(0)), value(pair.get(1)));
        }
      }
      if (series.put(labels, points) != null) {
        throw new IllegalArgumentException("two series with labels " + labels + ": " + result);
      }
    }
    return new PromAnswer(series);
  }

  /** A time in seconds with up to three decimals, as milliseconds. */
  public static long millis(JsonNode seconds) {
    BigDecimal decimal =
        seconds.isTextual() ? new BigDecimal(seconds.textValue()) : seconds.decimalValue();
    return decimal.movePointRight(3).setScale(0, RoundingMode.UNNECESSARY).longValueExact();
  }

  /** A sample value as the Prometheus API writes it. */
  public static double value(JsonNode text) {
    return parseValue(text.textValue());
  }

  /**
   * A sample value as Prometheus writes it: a Go float, {@code NaN}, {@code +Inf}, {@code -Inf}.
   */
  public static double parseValue(String text) {
    return switch (text) {
      case "NaN" -> Double.NaN;
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(text);
    };
  }

  /** The same answer with {@code names} removed from every label set. */
  public PromAnswer withoutLabels(String... names) {
    Set<String> dropped = Set.of(names);
    Map<Map<String, String>, NavigableMap<Long, Double>> out = new LinkedHashMap<>();
    series.forEach(
        (labels, points) -> {
          Map<String, String> kept = new TreeMap<>(labels);
          kept.keySet().removeAll(dropped);
          if (out.put(kept, points) != null) {
            throw new IllegalStateException("two series become " + kept + " without " + dropped);
          }
        });
    return new PromAnswer(out);
  }

  /**
   * Every value at a time after {@code fromMillis} and at or before {@code toMillis}, series by
   * series in the answer's order, each in time order.
   */
  public List<Double> values(long fromMillis, long toMillis) {
    List<Double> out = new ArrayList<>();
    for (NavigableMap<Long, Double> points : series.values()) {
      out.addAll(points.subMap(fromMillis, false, toMillis, true).values());
    }
    return out;
  }

  /** How many points the answer holds. */
  public int points() {
    return series.values().stream().mapToInt(Map::size).sum();
  }

  /** Every time at which some series has a point. */
  public TreeSet<Long> times() {
    TreeSet<Long> times = new TreeSet<>();
    series.values().forEach(points -> times.addAll(points.keySet()));
    return times;
  }

  /** The label sets that have a point at {@code time}. */
  public Set<Map<String, String>> seriesAt(long time) {
    Set<Map<String, String>> out = new HashSet<>();
    series.forEach(
        (labels, points) -> {
          if (points.containsKey(time)) {
            out.add(labels);
          }
        });
    return out;
  }

  /**
   * What differs between this answer and {@code other}: label sets present in one only, points
   * present in one only, and values further apart than {@code relativeTolerance} of the larger
   * magnitude ({@code 0} asks for the same double). {@code NaN} equals {@code NaN}. At most {@code
   * limit} differences are described; the first entry of the list counts all of them.
   */
  public List<String> differences(PromAnswer other, double relativeTolerance, int limit) {
    List<String> out = new ArrayList<>();
    int count = 0;
    Set<Map<String, String>> labels = new TreeSet<>(PromAnswer::compareLabels);
    labels.addAll(series.keySet());
    labels.addAll(other.series.keySet());
    for (Map<String, String> key : labels) {
      NavigableMap<Long, Double> mine = series.get(key);
      NavigableMap<Long, Double> theirs = other.series.get(key);
      if (mine == null || theirs == null) {
        count++;
        if (out.size() < limit) {
          out.add(key + " only in the " + (mine == null ? "second" : "first") + " answer");
        }
        continue;
      }
      Set<Long> times = new TreeSet<>(mine.keySet());
      times.addAll(theirs.keySet());
      for (long time : times) {
        Double a = mine.get(time);
        Double b = theirs.get(time);
        if (a == null || b == null || !close(a, b, relativeTolerance)) {
          count++;
          if (out.size() < limit) {
            out.add(key + " @" + time + ": " + a + " vs " + b);
          }
        }
      }
    }
    if (count > 0) {
      out.add(0, count + " difference(s)");
    }
    return out;
  }

  /** Whether two values agree within a relative tolerance; {@code NaN} agrees with {@code NaN}. */
  public static boolean close(double a, double b, double relativeTolerance) {
    if (Double.isNaN(a) || Double.isNaN(b)) {
      return Double.isNaN(a) && Double.isNaN(b);
    }
    if (a == b) {
      return true;
    }
    if (Double.isInfinite(a) || Double.isInfinite(b)) {
      return false;
    }
    return Math.abs(a - b) <= relativeTolerance * Math.max(Math.abs(a), Math.abs(b));
  }

  /** Label sets in a stable order: by their sorted entries. */
  public static int compareLabels(Map<String, String> a, Map<String, String> b) {
    Iterator<Map.Entry<String, String>> x = new TreeMap<>(a).entrySet().iterator();
    Iterator<Map.Entry<String, String>> y = new TreeMap<>(b).entrySet().iterator();
    while (x.hasNext() && y.hasNext()) {
      Map.Entry<String, String> p = x.next();
      Map.Entry<String, String> q = y.next();
      int c = p.getKey().compareTo(q.getKey());
      if (c == 0) {
        c = p.getValue().compareTo(q.getValue());
      }
      if (c != 0) {
        return c;
      }
    }
    return Boolean.compare(x.hasNext(), y.hasNext());
  }
}
