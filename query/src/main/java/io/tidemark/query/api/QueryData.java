package io.tidemark.query.api;

import io.tidemark.query.format.GoNumbers;
import io.tidemark.query.promql.LabelSet;
import io.tidemark.query.promql.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code data} of {@code /api/v1/query} and {@code /api/v1/query_range}, as the Prometheus HTTP
 * API writes it: {@code resultType} and a {@code result} whose shape follows the type.
 *
 * <ul>
 *   <li>{@code scalar}, {@code string}: {@code [<unix seconds>, "<value>"]}, the time as a plain
 *       float ({@code 1.5}) and a number always positional, as Prometheus 2.42 writes them
 *   <li>{@code vector}: {@code [{"metric": {...}, "value": [<unix seconds>, "<value>"]}, ...]}
 *   <li>{@code matrix}: {@code [{"metric": {...}, "values": [[<unix seconds>, "<value>"], ...]},
 *       ...]}
 * </ul>
 *
 * @param resultType {@code scalar}, {@code string}, {@code vector} or {@code matrix}
 * @param result the value, shaped as above
 */
public record QueryData(String resultType, Object result) {

  /**
   * One element of a vector result.
   *
   * @param metric its labels, the metric name as {@code __name__}
   * @param value its sample
   */
  public record InstantSample(Map<String, String> metric, SamplePair value) {}

  /**
   * One series of a matrix result.
   *
   * @param metric its labels, the metric name as {@code __name__}
   * @param values its points, oldest first
   */
  public record RangeSeries(Map<String, String> metric, SamplePairs values) {}

  /** The representation of an engine result. */
  public static QueryData of(Value value) {
    if (value instanceof Value.Scalar s) {
      return new QueryData(
          "scalar", new SamplePair(s.timestamp(), GoNumbers.formatF(s.value()), true));
    }
    if (value instanceof Value.Str s) {
      return new QueryData("string", new SamplePair(s.timestamp(), s.value(), true));
    }
    if (value instanceof Value.Vector v) {
      List<InstantSample> out = new ArrayList<>(v.elements().size());
      for (Value.Element e : v.elements()) {
        out.add(new InstantSample(metric(e.labels()), SamplePair.of(v.timestamp(), e.value())));
      }
      return new QueryData("vector", out);
    }
    Value.Matrix m = (Value.Matrix) value;
    List<RangeSeries> out = new ArrayList<>(m.series().size());
    for (Value.Series s : m.series()) {
      out.add(new RangeSeries(metric(s.labels()), new SamplePairs(s.timestamps(), s.values())));
    }
    return new QueryData("matrix", out);
  }

  private static Map<String, String> metric(LabelSet labels) {
    return labels.toMap();
  }
}
