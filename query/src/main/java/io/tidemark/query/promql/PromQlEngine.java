package io.tidemark.query.promql;

import io.tidemark.query.promql.Value.Element;
import io.tidemark.query.promql.Value.Scalar;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Answers PromQL queries from a {@link SeriesSource} with the semantics of Prometheus 2.42 (the
 * version Debian 12 ships), within {@link QueryLimits}.
 *
 * <p>Semantics chosen: an instant selector takes the newest sample in {@code [t - 5m, t]} and a
 * range selector the samples in {@code [t - range, t]}, both ends included (Prometheus 3 excludes
 * the start); {@code offset} shifts both back; staleness markers end a series. A range query
 * evaluates the expression at {@code start}, {@code start + step}, ... up to {@code end}.
 *
 * <p>Where the source has rollup tiers, a range query whose step is at least a tier's step reads
 * the coarsest tier whose buckets make up its windows, for the functions a bucket answers (see
 * {@code TierChoice} and {@code BucketFunctions}, and "Resolutions" in {@code docs/query.md});
 * other queries, and every query of a source without tiers, read raw samples.
 *
 * <p>Thread-safe: each query has its own state.
 */
public final class PromQlEngine {

  private final SeriesSource source;
  private final QueryLimits limits;

  /** An engine with {@link QueryLimits#DEFAULT}. */
  public PromQlEngine(SeriesSource source) {
    this(source, QueryLimits.DEFAULT);
  }

  /** An engine over {@code source} with {@code limits}. */
  public PromQlEngine(SeriesSource source, QueryLimits limits) {
    this.source = Objects.requireNonNull(source, "source");
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  /** The limits every query runs under. */
  public QueryLimits limits() {
    return limits;
  }

  /**
   * Evaluates {@code query} at {@code timeMillis}.
   *
   * @param timeout the caller's time limit, or {@code null}; never more than the limit
   * @throws PromQlParseException when the query is not valid, supported PromQL
   * @throws QueryExecutionException when it cannot be answered, {@link QueryLimitException} over a
   *     limit
   * @throws QueryTimeoutException when it runs out of time
   */
  public Value instantQuery(String query, long timeMillis, Duration timeout) {
    Expr expr = Parser.parse(query);
    Evaluation evaluation = new Evaluation(source, limits, timeMillis, timeMillis, 0, timeout);
    evaluation.prepare(expr);
    return new Evaluator(evaluation).eval(expr, timeMillis);
  }

  /**
   * Evaluates {@code query} at every step from {@code startMillis} to {@code endMillis}: always a
   * matrix, its series sorted by labels, a scalar becoming a series without labels.
   *
   * @throws IllegalArgumentException when the times or step are invalid, or the query is not of
   *     scalar or instant vector type
   * @throws PromQlParseException when the query is not valid, supported PromQL
   * @throws QueryExecutionException when it cannot be answered, {@link QueryLimitException} over a
   *     limit
   * @throws QueryTimeoutException when it runs out of time
   */
  public Value.Matrix rangeQuery(
      String query, long startMillis, long endMillis, long stepMillis, Duration timeout) {
    return rangeQuery(query, startMillis, endMillis, stepMillis, timeout, true);
  }

  /**
   * {@link #rangeQuery}, with {@code seriesWise} false evaluating every query step by step, also
   * those {@link SeriesRange} answers series by series (for tests comparing both).
   */
  Value.Matrix rangeQuery(
      String query,
      long startMillis,
      long endMillis,
      long stepMillis,
      Duration timeout,
      boolean seriesWise) {
    Expr expr = Parser.parse(query);
    if (expr.type() != ValueType.SCALAR && expr.type() != ValueType.VECTOR) {
      throw new IllegalArgumentException(
          "invalid expression type \""
              + expr.type().description()
              + "\" for range query, must be Scalar or instant Vector");
    }
    if (endMillis < startMillis) {
      throw new IllegalArgumentException("end timestamp must not be before start time");
    }
    if (stepMillis <= 0) {
      throw new IllegalArgumentException(
          "zero or negative query resolution step widths are not accepted. Try a positive integer");
    }
    if ((endMillis - startMillis) / stepMillis > limits.maxPointsPerSeries()) {
      throw new QueryLimitException(
          "maxPointsPerSeries",
          "exceeded maximum resolution of "
              + String.format(java.util.Locale.ROOT, "%,d", limits.maxPointsPerSeries())
              + " points per timeseries. Try decreasing the query resolution (?step=XX)");
    }
    Evaluation evaluation =
        new Evaluation(source, limits, startMillis, endMillis, stepMillis, timeout);
    evaluation.prepare(expr);
    if (seriesWise && SeriesRange.applies(expr, evaluation)) {
      Value.Matrix m = SeriesRange.evaluate(expr, evaluation, startMillis, endMillis, stepMillis);
      if (m != null) {
        return m;
      }
    }
    Evaluator evaluator = new Evaluator(evaluation);
    Map<LabelSet, SeriesBuilder> series = new HashMap<>();
    for (long t = startMillis; t <= endMillis; t += stepMillis) {
      evaluation.checkDeadline();
      Value v = evaluator.eval(expr, t);
      if (v instanceof Scalar s) {
        evaluation.addSamples(1);
        series.computeIfAbsent(LabelSet.EMPTY, SeriesBuilder::new).add(t, s.value());
      } else {
        List<Element> elements = ((Value.Vector) v).elements();
        evaluation.addSamples(elements.size());
        for (Element e : elements) {
          series.computeIfAbsent(e.labels(), SeriesBuilder::new).add(t, e.value());
        }
      }
      if (t > Long.MAX_VALUE - stepMillis) {
        break;
      }
    }
    List<Value.Series> out = new ArrayList<>(series.size());
    for (SeriesBuilder b : series.values()) {
      out.add(b.build());
    }
    out.sort(Comparator.comparing(Value.Series::labels));
    return new Value.Matrix(out);
  }

  /** The points of one result series, growing as steps are evaluated. */
  private static final class SeriesBuilder {
    private final LabelSet labels;
    private long[] timestamps = new long[8];
    private double[] values = new double[8];
    private int size;

    SeriesBuilder(LabelSet labels) {
      this.labels = labels;
    }

    void add(long t, double v) {
      if (size == timestamps.length) {
        timestamps = Arrays.copyOf(timestamps, size * 2);
        values = Arrays.copyOf(values, size * 2);
      }
      timestamps[size] = t;
      values[size++] = v;
    }

    Value.Series build() {
      return new Value.Series(labels, Arrays.copyOf(timestamps, size), Arrays.copyOf(values, size));
    }
  }
}
