package io.tidemark.query.promql;

import static io.tidemark.query.promql.PromTestData.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.tidemark.storage.rocksdb.RocksDbStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The evaluator over a real store, with every expected value worked out by hand from {@link
 * PromTestData} (and checked against Prometheus 2.42 while this was written).
 */
class PromQlEngineTest {

  @TempDir static Path dir;
  private static RocksDbStore store;
  private static PromQlEngine engine;

  @BeforeAll
  static void openStore() {
    store = RocksDbStore.open(dir);
    PromTestData.load(store);
    engine = new PromQlEngine(new StoreSeriesSource(store));
  }

  @AfterAll
  static void closeStore() {
    store.close();
  }

  /** An instant query's vector as "labels" -> value, in result order. */
  private static Map<String, Double> vector(String query, double seconds) {
    Value v = engine.instantQuery(query, at(seconds), null);
    assertThat(v).isInstanceOf(Value.Vector.class);
    Map<String, Double> out = new LinkedHashMap<>();
    for (Value.Element e : ((Value.Vector) v).elements()) {
      out.put(e.labels().toString(), e.value());
    }
    return out;
  }

  private static double scalar(String query, double seconds) {
    Value v = engine.instantQuery(query, at(seconds), null);
    assertThat(v).isInstanceOf(Value.Scalar.class);
    return ((Value.Scalar) v).value();
  }

  private static final String A = "{instance=\"a\", job=\"api\"}";
  private static final String B = "{instance=\"b\", job=\"api\"}";
  private static final String C = "{instance=\"c\", job=\"web\"}";

  // ------------------------------------------------------------------ selectors

  @Test
  void selectsTheNewestSampleOfEachSeriesSortedByLabels() {
    assertThat(vector("memory_bytes", 130))
        .containsExactly(
            Map.entry("{__name__=\"memory_bytes\", instance=\"a\", job=\"api\"}", 30.0),
            Map.entry("{__name__=\"memory_bytes\", instance=\"b\", job=\"api\"}", 60.0),
            Map.entry("{__name__=\"memory_bytes\", instance=\"c\", job=\"web\"}", 0.0));
  }

  @Test
  void looksBackFiveMinutesWithBothEndsIncluded() {
    // The last sample is at 120 s: 5 minutes later it is still seen (Prometheus 2.x), 1 ms later
    // not.
    assertThat(vector("memory_bytes{instance=\"a\"}", 420)).hasSize(1);
    assertThat(engine.instantQuery("memory_bytes{instance=\"a\"}", at(420) + 1, null))
        .isEqualTo(new Value.Vector(at(420) + 1, java.util.List.of()));
  }

  @Test
  void shiftsBackWithOffsetAndForwardWithNegativeOffset() {
    assertThat(vector("memory_bytes{job=\"api\"} offset 1m", 120).values())
        .containsExactly(20.0, 40.0);
    assertThat(vector("memory_bytes{job=\"api\"} offset -1m", 60).values())
        .containsExactly(30.0, 60.0);
  }

  @Test
  void stopsAtAStalenessMarker() {
    assertThat(vector("gone", 30)).hasSize(1);
    assertThat(vector("gone", 90)).isEmpty();
  }

  @Test
  void selectsByNameMatcherAndRegex() {
    assertThat(vector("{__name__=~\"memory_.*\", instance!~\"a|b\"}", 120))
        .containsOnlyKeys("{__name__=\"memory_bytes\", instance=\"c\", job=\"web\"}");
    assertThat(vector("memory_bytes{job!=\"api\"}", 120)).hasSize(1);
  }

  @Test
  void answersARangeSelectorWithTheSamplesOfTheWindowStartIncluded() {
    Value v = engine.instantQuery("memory_bytes{instance=\"a\"}[2m]", at(120), null);

    Value.Matrix m = (Value.Matrix) v;
    assertThat(m.series()).hasSize(1);
    assertThat(m.series().get(0).timestamps()).containsExactly(at(0), at(60), at(120));
    assertThat(m.series().get(0).values()).containsExactly(10, 20, 30);
  }

  // ------------------------------------------------------------------ rate and friends

  @Test
  void increaseExtrapolatesToTheWindowAndCorrectsResets() {
    // Window [0 s, 120 s].
    // a: 5..14 at 10..100 s: 9 over 90 s, extrapolated by 10 s and 20 s (both under 1.1 x 30 s):
    //    9 * 120 / 90 = 12.
    // b: 5, 8, 2, 5: 3 + 2 (from zero after the reset) + 3 = 8, extrapolated the same: 8 * 120/90.
    // c: 100..106 at 60..120 s: 60 s to the start is over 1.1 x 30 s, so only half an interval
    //    (15 s) is added: 6 * 75 / 60 = 7.5.
    assertThat(vector("increase(requests_total[2m])", 120))
        .containsExactly(Map.entry(A, 12.0), Map.entry(B, 8 * (120.0 / 90.0)), Map.entry(C, 7.5));
  }

  @Test
  void rateIsIncreasePerSecondOfTheRange() {
    // The factor is divided by the range before it multiplies, as in Prometheus, so a's rate is
    // 0.09999999999999999 rather than 12 / 120.
    assertThat(vector("rate(requests_total[2m])", 120))
        .containsExactly(
            Map.entry(A, 9 * (120.0 / 90 / 120)),
            Map.entry(B, 8 * (120.0 / 90 / 120)),
            Map.entry(C, 6 * (75.0 / 60 / 120)));
  }

  @Test
  void rateWithOffsetLooksAtTheShiftedWindow() {
    assertThat(vector("rate(requests_total[2m] offset 1m)", 180))
        .isEqualTo(vector("rate(requests_total[2m])", 120));
  }

  @Test
  void rateNeedsTwoSamples() {
    // Window [90 s, 100 s] holds one sample of a and b.
    assertThat(vector("rate(requests_total{job=\"api\"}[10s])", 100)).isEmpty();
  }

  @Test
  void deltaExtrapolatesWithoutCounterRules() {
    // memory a: 10, 20, 30 at 0, 60, 120 s, window [0, 120]: 20, nothing to extrapolate.
    // window [30 s, 120 s]: 20 -> 30 over 60 s; 30 s to the start is under 1.1 x 60 s:
    // 10 * 90 / 60 = 15.
    assertThat(vector("delta(memory_bytes{instance=\"a\"}[2m])", 120)).containsValue(20.0);
    assertThat(vector("delta(memory_bytes{instance=\"a\"}[90s])", 120)).containsValue(15.0);
  }

  @Test
  void irateUsesTheLastTwoSamples() {
    // At 70 s, a: 8 -> 11 over 30 s; b: 8 -> 2 is a reset, so the 2 counts from zero.
    assertThat(vector("irate(requests_total{job=\"api\"}[1m])", 70))
        .containsExactly(Map.entry(A, 0.1), Map.entry(B, 2 / 30.0));
  }

  @Test
  void derivAndPredictLinearFitALine() {
    // temperature: 1, 3, 5 at 0, 10, 20 s: slope 0.2 per second; at 20 s the line is at 5, so
    // 100 s later it is at 25.
    assertThat(vector("deriv(temperature[1m])", 20)).containsValue(0.2);
    assertThat(vector("predict_linear(temperature[1m], 100)", 20).values().iterator().next())
        .isCloseTo(25.0, within(1e-12));
  }

  // ------------------------------------------------------------------ *_over_time

  @Test
  void aggregatesOverTime() {
    String a = "memory_bytes{instance=\"a\"}[2m]";
    assertThat(vector("avg_over_time(" + a + ")", 120)).containsValue(20.0);
    assertThat(vector("min_over_time(" + a + ")", 120)).containsValue(10.0);
    assertThat(vector("max_over_time(" + a + ")", 120)).containsValue(30.0);
    assertThat(vector("sum_over_time(" + a + ")", 120)).containsValue(60.0);
    assertThat(vector("count_over_time(" + a + ")", 120)).containsValue(3.0);
    assertThat(vector("quantile_over_time(0.25, " + a + ")", 120)).containsValue(15.0);
  }

  @Test
  void dropsTheMetricNameExceptForLastOverTime() {
    assertThat(vector("sum_over_time(memory_bytes{instance=\"a\"}[2m])", 120)).containsOnlyKeys(A);
    assertThat(vector("last_over_time(memory_bytes{instance=\"a\"}[2m])", 120))
        .containsExactly(
            Map.entry("{__name__=\"memory_bytes\", instance=\"a\", job=\"api\"}", 30.0));
  }

  // ------------------------------------------------------------------ aggregations

  @Test
  void aggregatesByAndWithoutLabels() {
    assertThat(vector("sum by (job) (memory_bytes)", 120))
        .containsExactly(Map.entry("{job=\"api\"}", 90.0), Map.entry("{job=\"web\"}", 0.0));
    assertThat(vector("sum(memory_bytes) without (instance)", 120))
        .containsExactly(Map.entry("{job=\"api\"}", 90.0), Map.entry("{job=\"web\"}", 0.0));
    assertThat(vector("avg(memory_bytes)", 120)).containsExactly(Map.entry("{}", 30.0));
    assertThat(vector("min(memory_bytes)", 120)).containsExactly(Map.entry("{}", 0.0));
    assertThat(vector("max(memory_bytes)", 120)).containsExactly(Map.entry("{}", 60.0));
    assertThat(vector("count(memory_bytes)", 120)).containsExactly(Map.entry("{}", 3.0));
  }

  @Test
  void quantileInterpolatesBetweenRanks() {
    // 0, 30, 60: the median is rank 1; the 0.25 quantile halfway between ranks 0 and 1.
    assertThat(vector("quantile(0.5, memory_bytes)", 120)).containsValue(30.0);
    assertThat(vector("quantile(0.25, memory_bytes)", 120)).containsValue(15.0);
    assertThat(vector("quantile(2, memory_bytes)", 120)).containsValue(Double.POSITIVE_INFINITY);
  }

  @Test
  void topkAndBottomkKeepTheLabels() {
    assertThat(vector("topk(2, memory_bytes)", 120))
        .containsExactly(
            Map.entry("{__name__=\"memory_bytes\", instance=\"b\", job=\"api\"}", 60.0),
            Map.entry("{__name__=\"memory_bytes\", instance=\"a\", job=\"api\"}", 30.0));
    assertThat(vector("bottomk by (job) (1, memory_bytes)", 120))
        .containsExactly(
            Map.entry("{__name__=\"memory_bytes\", instance=\"a\", job=\"api\"}", 30.0),
            Map.entry("{__name__=\"memory_bytes\", instance=\"c\", job=\"web\"}", 0.0));
    assertThat(vector("topk(0, memory_bytes)", 120)).isEmpty();
  }

  // ------------------------------------------------------------------ binary operators

  @Test
  void computesScalarArithmeticWithPrecedence() {
    assertThat(scalar("1 + 2 * 3", 0)).isEqualTo(7);
    assertThat(scalar("2 ^ 3 ^ 2", 0)).isEqualTo(512);
    assertThat(scalar("-2 ^ 2", 0)).isEqualTo(-4);
    assertThat(scalar("(1 + 2) * 3", 0)).isEqualTo(9);
    assertThat(scalar("7 % 4 - 10 / 4", 0)).isEqualTo(0.5);
    assertThat(scalar("1 > bool 2", 0)).isZero();
    assertThat(scalar("(-1) ^ (1/0)", 0)).as("Go's Pow").isEqualTo(1);
  }

  @Test
  void arithmeticWithAScalarDropsTheName() {
    assertThat(vector("memory_bytes * 2", 120))
        .containsExactly(Map.entry(A, 60.0), Map.entry(B, 120.0), Map.entry(C, 0.0));
    assertThat(vector("100 - memory_bytes", 120)).containsValues(70.0, 40.0, 100.0);
    assertThat(vector("-memory_bytes", 120)).containsKeys(A, B, C);
  }

  @Test
  void comparisonFiltersAndKeepsTheVectorValueUnlessBool() {
    assertThat(vector("memory_bytes > 20", 120))
        .containsExactly(
            Map.entry("{__name__=\"memory_bytes\", instance=\"a\", job=\"api\"}", 30.0),
            Map.entry("{__name__=\"memory_bytes\", instance=\"b\", job=\"api\"}", 60.0));
    assertThat(vector("20 < memory_bytes", 120)).isEqualTo(vector("memory_bytes > 20", 120));
    assertThat(vector("memory_bytes > bool 20", 120))
        .containsExactly(Map.entry(A, 1.0), Map.entry(B, 1.0), Map.entry(C, 0.0));
  }

  @Test
  void matchesVectorsOneToOne() {
    // memory at 60 s over requests at 100 s (c's newest is 103 at 90 s).
    assertThat(vector("memory_bytes / requests_total", 100))
        .containsExactly(Map.entry(A, 20 / 14.0), Map.entry(B, 8.0), Map.entry(C, 0.0));
    assertThat(vector("sum by (job) (memory_bytes) / on(job) limit_bytes", 120))
        .containsExactly(Map.entry("{job=\"api\"}", 0.9));
    assertThat(vector("memory_bytes > ignoring(instance) limit_bytes", 120)).isEmpty();
  }

  @Test
  void refusesManyToManyAndManyToOneMatching() {
    assertThatThrownBy(() -> vector("limit_bytes + ignoring(instance) memory_bytes", 120))
        .isInstanceOf(QueryExecutionException.class)
        .hasMessageContaining("many-to-many matching not allowed");
    assertThatThrownBy(() -> vector("memory_bytes + ignoring(instance) limit_bytes", 120))
        .isInstanceOf(QueryExecutionException.class)
        .hasMessageContaining("many-to-one matching must be explicit");
  }

  @Test
  void refusesTwoElementsWithTheSameLabelsOnceNamesAreDropped() {
    assertThatThrownBy(
            () -> vector("{__name__=~\"memory_bytes|usage_bytes\", job=\"web\"} * 2", 120))
        .isInstanceOf(QueryExecutionException.class)
        .hasMessage("vector cannot contain metrics with the same labelset");
  }

  // ------------------------------------------------------------------ other functions

  @Test
  void evaluatesScalarVectorTimeAbsAndClamps() {
    assertThat(scalar("scalar(limit_bytes)", 120)).isEqualTo(100);
    assertThat(scalar("scalar(memory_bytes)", 120)).isNaN();
    assertThat(scalar("time()", 120)).isEqualTo(1_700_000_120.0);
    assertThat(vector("vector(3)", 0)).containsExactly(Map.entry("{}", 3.0));
    assertThat(vector("abs(-memory_bytes{instance=\"a\"})", 120))
        .containsExactly(Map.entry(A, 30.0));
    assertThat(vector("clamp_min(memory_bytes, 25)", 120).values())
        .containsExactly(30.0, 60.0, 25.0);
    assertThat(vector("clamp_max(memory_bytes, 25)", 120).values())
        .containsExactly(25.0, 25.0, 0.0);
  }

  @Test
  void returnsStringLiterals() {
    assertThat(engine.instantQuery("\"hi\"", at(0), null)).isEqualTo(new Value.Str(at(0), "hi"));
  }

  // ------------------------------------------------------------------ range queries

  @Test
  void evaluatesARangeQueryAtEveryStep() {
    Value.Matrix m =
        engine.rangeQuery("memory_bytes{job=\"api\"} * 2", at(0), at(120), 60_000, null);

    assertThat(m.series()).extracting(s -> s.labels().toString()).containsExactly(A, B);
    assertThat(m.series().get(0).timestamps()).containsExactly(at(0), at(60), at(120));
    assertThat(m.series().get(0).values()).containsExactly(20, 40, 60);
  }

  @Test
  void omitsStepsWithoutAValueAndTurnsAScalarIntoASeries() {
    Value.Matrix m =
        engine.rangeQuery("requests_total{instance=\"c\"}", at(0), at(120), 30_000, null);
    assertThat(m.series().get(0).timestamps()).containsExactly(at(60), at(90), at(120));

    Value.Matrix s = engine.rangeQuery("time()", at(0), at(2), 1_000, null);
    assertThat(s.series()).hasSize(1);
    assertThat(s.series().get(0).labels()).isEqualTo(LabelSet.EMPTY);
    assertThat(s.series().get(0).values())
        .containsExactly(1_700_000_000, 1_700_000_001, 1_700_000_002);
  }

  @Test
  void refusesARangeQueryOfARangeVector() {
    assertThatThrownBy(() -> engine.rangeQuery("memory_bytes[1m]", at(0), at(60), 1000, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("invalid expression type \"range vector\" for range query");
  }

  // ------------------------------------------------------------------ limits

  private static PromQlEngine limited(int series, long samples, Duration time, int points) {
    return new PromQlEngine(
        new StoreSeriesSource(store), new QueryLimits(series, samples, time, points));
  }

  @Test
  void failsASelectorMatchingTooManySeries() {
    PromQlEngine tight = limited(2, 1000, Duration.ofMinutes(1), 100);

    assertThatThrownBy(() -> tight.instantQuery("memory_bytes", at(120), null))
        .isInstanceOfSatisfying(
            QueryLimitException.class, e -> assertThat(e.limit()).isEqualTo("maxSeriesPerSelector"))
        .hasMessageContaining("matches 3 series, more than 2");
  }

  @Test
  void failsAQueryLoadingTooManySamples() {
    PromQlEngine tight = limited(100, 5, Duration.ofMinutes(1), 100);

    assertThatThrownBy(() -> tight.instantQuery("memory_bytes[10m]", at(120), null))
        .isInstanceOfSatisfying(
            QueryLimitException.class, e -> assertThat(e.limit()).isEqualTo("maxSamples"));
    // The points of a range query's result count too: 11 steps of one series.
    assertThatThrownBy(() -> tight.rangeQuery("vector(1) + 1", at(0), at(10), 1000, null))
        .isInstanceOf(QueryLimitException.class);
  }

  @Test
  void failsARangeQueryWithTooManyPoints() {
    PromQlEngine tight = limited(100, 1000, Duration.ofMinutes(1), 10);

    assertThat(tight.rangeQuery("1", at(0), at(10), 1000, null).series().get(0).size())
        .isEqualTo(11);
    assertThatThrownBy(() -> tight.rangeQuery("1", at(0), at(11), 1000, null))
        .isInstanceOfSatisfying(
            QueryLimitException.class, e -> assertThat(e.limit()).isEqualTo("maxPointsPerSeries"))
        .hasMessageContaining("exceeded maximum resolution of 10 points per timeseries");
  }

  @Test
  void failsAQueryThatRunsOutOfTime() {
    PromQlEngine instant = limited(100, 1000, Duration.ofNanos(1), 100);

    assertThatThrownBy(() -> instant.rangeQuery("memory_bytes", at(0), at(60), 1000, null))
        .isInstanceOf(QueryTimeoutException.class)
        .hasMessageContaining("maxQueryTime");
    assertThatThrownBy(
            () -> engine.rangeQuery("memory_bytes", at(0), at(60), 1000, Duration.ofNanos(1)))
        .isInstanceOf(QueryTimeoutException.class)
        .hasMessageContaining("timeout");
  }
}
