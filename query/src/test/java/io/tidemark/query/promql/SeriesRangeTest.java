package io.tidemark.query.promql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.storage.SeriesKey;
import io.tidemark.storage.SeriesSample;
import io.tidemark.storage.rocksdb.RocksDbStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The series-by-series evaluation of range functions gives the matrix of the per-step evaluation,
 * bit for bit and in the same order, on varied data: counter resets, gaps, staleness markers, NaN,
 * irregular intervals, series starting and ending inside the range, with offsets, ranges shorter
 * and longer than the step, and steps that do not divide the range.
 */
class SeriesRangeTest {

  private static final long T0 = 1_700_000_000_000L;
  private static final double STALE = Double.longBitsToDouble(Evaluation.STALE_NAN_BITS);

  @TempDir static Path dir;
  private static RocksDbStore store;
  private static PromQlEngine engine;

  @BeforeAll
  static void fill() {
    store = RocksDbStore.open(dir);
    SplittableRandom random = new SplittableRandom(5);
    List<SeriesSample> batch = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      SeriesKey counter =
          SeriesKey.of("work_total", "pod", "p" + i, "kind", i % 3 == 0 ? "a" : "b");
      SeriesKey gauge = SeriesKey.of("level", "pod", "p" + i);
      long first = T0 + random.nextLong(0, 40 * 60_000L); // some start late
      long last = first + random.nextLong(60_000L, 60 * 60_000L); // some end early
      double count = random.nextInt(1000);
      for (long t = first; t <= last; t += 5_000 + random.nextInt(i % 4 == 0 ? 60_000 : 20_000)) {
        if (random.nextInt(40) == 0) {
          count = 0; // a reset
        } else {
          count += random.nextInt(100) / 7.0;
        }
        double g = random.nextInt(20) == 0 ? Double.NaN : random.nextGaussian() * 1e3;
        if (random.nextInt(60) == 0) {
          g = STALE;
        }
        batch.add(new SeriesSample(counter, t, random.nextInt(80) == 0 ? STALE : count));
        batch.add(new SeriesSample(gauge, t, g));
        if (random.nextInt(30) == 0) {
          t += 10 * 60_000L; // a gap
        }
      }
    }
    // Two metrics of the same labels: one before the other, and two that overlap in time.
    for (long t = T0; t <= T0 + 30 * 60_000L; t += 15_000) {
      batch.add(new SeriesSample(SeriesKey.of("early_total", "pod", "x"), t, t / 1000.0));
      batch.add(
          new SeriesSample(SeriesKey.of("late_total", "pod", "x"), t + 60 * 60_000L, t / 100.0));
      batch.add(new SeriesSample(SeriesKey.of("one_total", "pod", "y"), t, t / 1000.0));
      batch.add(new SeriesSample(SeriesKey.of("two_total", "pod", "y"), t + 7_000, t / 10.0));
    }
    batch.sort(java.util.Comparator.comparingLong(SeriesSample::timestampMillis));
    store.append(batch);
    engine = new PromQlEngine(new StoreSeriesSource(store));
  }

  @AfterAll
  static void close() {
    store.close();
  }

  private static void sameAnswer(String query, long start, long end, long step) {
    assertThat(SeriesRange.applies(Parser.parse(query), evaluation()))
        .as("%s is answered series by series", query)
        .isTrue();
    Value.Matrix perStep = engine.rangeQuery(query, start, end, step, null, false);
    Value.Matrix seriesWise = engine.rangeQuery(query, start, end, step, null, true);
    assertThat(seriesWise).as("%s step %d", query, step).isEqualTo(perStep);
    assertThat(seriesWise.series())
        .extracting(Value.Series::labels)
        .containsExactlyElementsOf(perStep.series().stream().map(Value.Series::labels).toList());
  }

  private static Evaluation evaluation() {
    return new Evaluation(new StoreSeriesSource(store), QueryLimits.DEFAULT, T0, T0, 0, null);
  }

  @Test
  void answersEveryRangeFunctionAsThePerStepEvaluation() {
    List<String> functions =
        List.of(
            "rate(%s)",
            "irate(%s)",
            "increase(%s)",
            "delta(%s)",
            "deriv(%s)",
            "predict_linear(%s, 600)",
            "avg_over_time(%s)",
            "min_over_time(%s)",
            "max_over_time(%s)",
            "sum_over_time(%s)",
            "count_over_time(%s)",
            "last_over_time(%s)",
            "quantile_over_time(0.9, %s)",
            "quantile_over_time((0.25), (%s))");
    List<String> selectors =
        List.of(
            "work_total[5m]",
            "work_total{kind=\"a\"}[1m]",
            "level[10m]",
            "work_total[2m] offset 3m",
            "level[90s] offset -1m",
            "work_total[30s]");
    long[][] spans = {
      {T0 - 5 * 60_000L, T0 + 120 * 60_000L, 15_000},
      {T0 + 7_000, T0 + 61 * 60_000L, 60_000},
      {T0 + 1_234, T0 + 100 * 60_000L, 137_000},
      {T0 + 20 * 60_000L, T0 + 20 * 60_000L, 15_000}
    };
    for (String f : functions) {
      for (String s : selectors) {
        for (long[] span : spans) {
          sameAnswer(String.format(f, s), span[0], span[1], span[2]);
        }
      }
    }
  }

  @Test
  void aggregatesAsThePerStepEvaluation() {
    List<String> aggregations =
        List.of(
            "sum(%s)",
            "sum by (kind) (%s)",
            "avg without (pod) (%s)",
            "avg(%s)",
            "min(%s)",
            "min without (pod) (%s)",
            "max by (pod) (%s)",
            "max(%s)",
            "count by (kind) (%s)",
            "max without (kind) (%s)",
            "(sum(%s))");
    List<String> inner =
        List.of(
            "rate(work_total[5m])",
            "increase(work_total{kind=\"b\"}[2m] offset 1m)",
            "avg_over_time(level[3m])",
            "max_over_time(level[1m])",
            "last_over_time(level[2m])",
            "deriv(level[10m])");
    for (String a : aggregations) {
      for (String f : inner) {
        sameAnswer(String.format(a, f), T0 - 60_000L, T0 + 110 * 60_000L, 15_000);
        sameAnswer(String.format(a, f), T0 + 1_234, T0 + 100 * 60_000L, 137_000);
      }
    }
    sameAnswer(
        "sum(rate({__name__=~\"early_total|late_total\"}[2m]))", T0, T0 + 100 * 60_000L, 30_000);
    String clash = "sum(rate({__name__=~\"one_total|two_total\"}[2m]))";
    assertThatThrownBy(() -> engine.rangeQuery(clash, T0, T0 + 40 * 60_000L, 15_000, null))
        .isInstanceOf(QueryExecutionException.class)
        .hasMessage("vector cannot contain metrics with the same labelset");
    assertThatThrownBy(() -> engine.rangeQuery(clash, T0, T0 + 40 * 60_000L, 15_000, null, false))
        .isInstanceOf(QueryExecutionException.class)
        .hasMessage("vector cannot contain metrics with the same labelset");
  }

  @Test
  void leavesAnAggregationOfTooManyAccumulatorsToThePerStepEvaluation() {
    String query = "sum without (pod) (rate(work_total[5m]))";
    long end = T0 + 60 * 60_000L;
    Evaluation evaluation =
        new Evaluation(new StoreSeriesSource(store), QueryLimits.DEFAULT, T0, end, 15_000, null);
    Expr expr = Parser.parse(query);
    evaluation.prepare(expr);
    // Two groups (kind a and b) at 241 steps: 482 accumulators.
    assertThat(SeriesRange.evaluate(expr, evaluation, T0, end, 15_000, 481)).isNull();
    assertThat(SeriesRange.evaluate(expr, evaluation, T0, end, 15_000, 482).series()).hasSize(2);
    sameAnswer(query, T0, end, 15_000);
  }

  @Test
  void gathersSeriesWhoseLabelsMeetOnlyAtDifferentSteps() {
    String query = "rate({__name__=~\"early_total|late_total\"}[2m])";
    sameAnswer(query, T0, T0 + 100 * 60_000L, 30_000);
    assertThat(engine.rangeQuery(query, T0, T0 + 100 * 60_000L, 30_000, null).series()).hasSize(1);
  }

  @Test
  void failsAsThePerStepEvaluationWhenLabelsMeetAtOneStep() {
    String query = "rate({__name__=~\"one_total|two_total\"}[2m])";
    long end = T0 + 40 * 60_000L;
    assertThatThrownBy(() -> engine.rangeQuery(query, T0, end, 15_000, null, false))
        .isInstanceOf(QueryExecutionException.class)
        .hasMessage("vector cannot contain metrics with the same labelset");
    assertThatThrownBy(() -> engine.rangeQuery(query, T0, end, 15_000, null))
        .isInstanceOf(QueryExecutionException.class)
        .hasMessage("vector cannot contain metrics with the same labelset");
    sameAnswer("last_over_time({__name__=~\"one_total|two_total\"}[2m])", T0, end, 15_000);
  }

  @Test
  void leavesOtherShapesToThePerStepEvaluation() {
    for (String query :
        List.of(
            "topk(2, rate(work_total[5m]))",
            "quantile(0.5, rate(work_total[5m]))",
            "sum(rate(work_total[5m]) * 2)",
            "sum(level)",
            "rate(work_total[5m]) * 2",
            "quantile_over_time(scalar(level), work_total[5m])",
            "abs(level)",
            "level")) {
      assertThat(SeriesRange.applies(Parser.parse(query), evaluation())).as(query).isFalse();
    }
  }
}
