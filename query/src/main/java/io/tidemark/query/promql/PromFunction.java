package io.tidemark.query.promql;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The PromQL functions Tidemark evaluates, with their argument and result types. */
public enum PromFunction {
  /** {@code time()}: the evaluation time in seconds. */
  TIME("time", ValueType.SCALAR),
  /** {@code vector(s)}: the scalar as a sample without labels. */
  VECTOR("vector", ValueType.VECTOR, ValueType.SCALAR),
  /** {@code scalar(v)}: the value of a one-element vector, else NaN. */
  SCALAR("scalar", ValueType.SCALAR, ValueType.VECTOR),
  /** {@code abs(v)}. */
  ABS("abs", ValueType.VECTOR, ValueType.VECTOR),
  /** {@code clamp_min(v, min)}. */
  CLAMP_MIN("clamp_min", ValueType.VECTOR, ValueType.VECTOR, ValueType.SCALAR),
  /** {@code clamp_max(v, max)}. */
  CLAMP_MAX("clamp_max", ValueType.VECTOR, ValueType.VECTOR, ValueType.SCALAR),
  /** {@code rate(m)}: per-second increase of a counter, extrapolated. */
  RATE("rate", ValueType.VECTOR, ValueType.MATRIX),
  /** {@code irate(m)}: per-second rate from the last two samples. */
  IRATE("irate", ValueType.VECTOR, ValueType.MATRIX),
  /** {@code increase(m)}: increase of a counter, extrapolated. */
  INCREASE("increase", ValueType.VECTOR, ValueType.MATRIX),
  /** {@code delta(m)}: difference of a gauge, extrapolated. */
  DELTA("delta", ValueType.VECTOR, ValueType.MATRIX),
  /** {@code deriv(m)}: per-second slope by simple linear regression. */
  DERIV("deriv", ValueType.VECTOR, ValueType.MATRIX),
  /** {@code predict_linear(m, seconds)}. */
  PREDICT_LINEAR("predict_linear", ValueType.VECTOR, ValueType.MATRIX, ValueType.SCALAR),
  /** {@code avg_over_time(m)}. */
  AVG_OVER_TIME("avg_over_time", ValueType.VECTOR, ValueType.MATRIX),
  /** {@code min_over_time(m)}. */
  MIN_OVER_TIME("min_over_time", ValueType.VECTOR, ValueType.MATRIX),
  /** {@code max_over_time(m)}. */
  MAX_OVER_TIME("max_over_time", ValueType.VECTOR, ValueType.MATRIX),
  /** {@code sum_over_time(m)}. */
  SUM_OVER_TIME("sum_over_time", ValueType.VECTOR, ValueType.MATRIX),
  /** {@code count_over_time(m)}. */
  COUNT_OVER_TIME("count_over_time", ValueType.VECTOR, ValueType.MATRIX),
  /** {@code last_over_time(m)}: keeps the metric name, as Prometheus 2.42 does. */
  LAST_OVER_TIME("last_over_time", ValueType.VECTOR, ValueType.MATRIX),
  /** {@code quantile_over_time(q, m)}. */
  QUANTILE_OVER_TIME("quantile_over_time", ValueType.VECTOR, ValueType.SCALAR, ValueType.MATRIX);

  /** Functions of Prometheus 2.42 that Tidemark rejects by name. */
  private static final Set<String> UNSUPPORTED =
      Set.of(
          "absent",
          "absent_over_time",
          "acos",
          "acosh",
          "asin",
          "asinh",
          "atan",
          "atanh",
          "ceil",
          "changes",
          "clamp",
          "cos",
          "cosh",
          "days_in_month",
          "day_of_month",
          "day_of_week",
          "day_of_year",
          "deg",
          "exp",
          "floor",
          "histogram_count",
          "histogram_fraction",
          "histogram_quantile",
          "histogram_sum",
          "holt_winters",
          "hour",
          "idelta",
          "label_join",
          "label_replace",
          "ln",
          "log10",
          "log2",
          "minute",
          "month",
          "pi",
          "present_over_time",
          "rad",
          "resets",
          "round",
          "sgn",
          "sin",
          "sinh",
          "sort",
          "sort_desc",
          "sqrt",
          "stddev_over_time",
          "stdvar_over_time",
          "tan",
          "tanh",
          "timestamp",
          "year");

  private static final Map<String, PromFunction> BY_NAME =
      Stream.of(values()).collect(Collectors.toMap(f -> f.name, Function.identity()));

  private final String name;
  private final ValueType returnType;
  private final List<ValueType> argTypes;

  PromFunction(String name, ValueType returnType, ValueType... argTypes) {
    this.name = name;
    this.returnType = returnType;
    this.argTypes = List.of(argTypes);
  }

  /** The name as written in a query. */
  public String functionName() {
    return name;
  }

  /** What the function returns. */
  public ValueType returnType() {
    return returnType;
  }

  /** The types of its arguments, in order. */
  public List<ValueType> argTypes() {
    return argTypes;
  }

  /** Whether the result keeps the metric name of its input. */
  boolean keepsMetricName() {
    return this == LAST_OVER_TIME;
  }

  /** The function of that name, or {@code null}. */
  static PromFunction byName(String name) {
    return BY_NAME.get(name);
  }

  /** Whether Prometheus has a function of that name that Tidemark does not evaluate. */
  static boolean isUnsupported(String name) {
    return UNSUPPORTED.contains(name);
  }
}
