package io.tidemark.tools;

import io.tidemark.testkit.PromAnswer;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The queries of the side-by-side, the same for every system, timed over HTTP: a warm-up run, then
 * {@code runs} timed ones, each from sending the request to having read the whole answer.
 *
 * <ul>
 *   <li>{@code rate}: {@code rate(container_cpu_usage_seconds_total[5m])}, a range query (one
 *       series per container) over the last hour, or the whole run if shorter, at a step of one
 *       scrape interval. The rate window is 5 minutes, or four intervals if that is longer.
 *   <li>{@code max_over_time}: {@code max by (namespace)
 *       (max_over_time(container_memory_working_set_bytes[RUN]))}, an instant query over the whole
 *       run, one element per namespace.
 * </ul>
 *
 * Both are evaluated at the end of the measured window, so each system answers over the samples of
 * its own run.
 */
final class QueryBench {

  /**
   * One query.
   *
   * @param key its short name in reports
   * @param path {@code /api/v1/query} or {@code /api/v1/query_range}
   * @param params every parameter of the request
   */
  record Spec(String key, String path, Map<String, String> params) {

    /** The PromQL text. */
    String promql() {
      return params.get("query");
    }
  }

  /**
   * The timings of one query against one system.
   *
   * @param key the query's key
   * @param params the request's parameters (the PromQL text, times and step)
   * @param millis every timed run, in order
   * @param medianMillis their median
   * @param series series (or vector elements) in the answer; -1 if it failed
   * @param answerBytes size of the answer
   * @param error why the query failed (a limit of the system, a timeout), or null
   */
  record Result(
      String key,
      Map<String, String> params,
      List<Double> millis,
      double medianMillis,
      int series,
      int answerBytes,
      String error) {

    /** Whether the query failed. */
    boolean failed() {
      return error != null;
    }
  }

  private QueryBench() {}

  /**
   * The queries for a run of {@code runLength} (warm-up and window) ending at {@code endMillis}.
   */
  static List<Spec> specs(long endMillis, Duration runLength, Duration interval) {
    long end = endMillis / 1000 * 1000;
    Duration range = runLength.compareTo(Duration.ofHours(1)) < 0 ? runLength : Duration.ofHours(1);
    Duration rateWindow =
        interval.multipliedBy(4).compareTo(Duration.ofMinutes(5)) > 0
            ? interval.multipliedBy(4)
            : Duration.ofMinutes(5);
    Map<String, String> rate = new LinkedHashMap<>();
    rate.put(
        "query", "rate(container_cpu_usage_seconds_total[" + Options.format(rateWindow) + "])");
    rate.put("start", PromAnswer.seconds(end - range.toMillis()));
    rate.put("end", PromAnswer.seconds(end));
    rate.put(
        "step", BigDecimal.valueOf(interval.toMillis(), 3).stripTrailingZeros().toPlainString());
    Map<String, String> max = new LinkedHashMap<>();
    max.put(
        "query",
        "max by (namespace) (max_over_time(container_memory_working_set_bytes["
            + runLength.toSeconds()
            + "s]))");
    max.put("time", PromAnswer.seconds(end));
    return List.of(
        new Spec("rate", "/api/v1/query_range", rate),
        new Spec("max_over_time", "/api/v1/query", max));
  }

  /**
   * Runs {@code spec} against {@code api} once untimed, then {@code runs} times timed. A failure (a
   * system's own query limits can refuse a large fleet's query) is a result with its error, so the
   * other figures of the run survive it.
   */
  static Result run(URI api, Spec spec, int runs) {
    try {
      return timed(api, spec, runs);
    } catch (IOException | RuntimeException e) {
      return new Result(spec.key(), spec.params(), List.of(), Double.NaN, -1, 0, e.getMessage());
    }
  }

  private static Result timed(URI api, Spec spec, int runs) throws IOException {
    URI uri = Loopback.uri(api, spec.path(), spec.params());
    Duration timeout = Duration.ofMinutes(5);
    Loopback.Timed warm = Loopback.timedGet(uri, timeout);
    int series = PromAnswer.resultCount(warm.body());
    List<Double> millis = new ArrayList<>();
    int bytes = warm.body().length();
    for (int i = 0; i < runs; i++) {
      Loopback.Timed t = Loopback.timedGet(uri, timeout);
      millis.add(t.nanos() / 1e6);
      bytes = t.body().length();
    }
    return new Result(spec.key(), spec.params(), millis, Stats.median(millis), series, bytes, null);
  }
}
