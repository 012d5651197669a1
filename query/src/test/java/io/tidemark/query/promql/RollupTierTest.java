package io.tidemark.query.promql;

import static io.tidemark.query.promql.RollupTestData.DAY;
import static io.tidemark.query.promql.RollupTestData.HOUR;
import static io.tidemark.query.promql.RollupTestData.MINUTE;
import static io.tidemark.query.promql.RollupTestData.START;
import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.storage.Resolution;
import io.tidemark.storage.RetentionPolicy;
import io.tidemark.storage.StoreOptions;
import io.tidemark.storage.rocksdb.RocksDbStore;
import io.tidemark.testkit.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Range queries answered from rollup tiers, compared with the same engine reading raw samples only
 * ({@link CountingSource#rawOnly}), over {@link RollupTestData} rolled up by maintenance.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RollupTierTest {

  private static final String MEM = RollupTestData.MEMORY;
  private static final String CPU = RollupTestData.CPU;
  private static final long FROM = START + HOUR;
  private static final long TO = START + 4 * DAY + 5 * HOUR;

  @TempDir static Path dir;

  private RocksDbStore store;
  private RocksDbStore shortRaw;
  private CountingSource tiered;
  private CountingSource raw;
  private CountingSource pruned;

  @BeforeAll
  void ingest() {
    ManualClock clock = new ManualClock(START);
    store = RocksDbStore.open(dir.resolve("full"), StoreOptions.DEFAULT.withClock(clock));
    RollupTestData.load(store, clock);
    tiered = CountingSource.of(new StoreSeriesSource(store));
    raw = CountingSource.rawOnly(new StoreSeriesSource(store));

    // The same data where raw samples are kept one day only.
    ManualClock shortClock = new ManualClock(START);
    RetentionPolicy oneDay =
        new RetentionPolicy(Duration.ofDays(1), RetentionPolicy.DEFAULT.rollups());
    shortRaw =
        RocksDbStore.open(
            dir.resolve("short"), StoreOptions.DEFAULT.withClock(shortClock).withRetention(oneDay));
    RollupTestData.load(shortRaw, shortClock);
    pruned = CountingSource.of(new StoreSeriesSource(shortRaw));
  }

  @AfterAll
  void close() {
    store.close();
    shortRaw.close();
  }

  private Value.Matrix fromTiers(String query, long start, long end, long step) {
    tiered.reset();
    return new PromQlEngine(tiered).rangeQuery(query, start, end, step, null);
  }

  private Value.Matrix fromRaw(String query, long start, long end, long step) {
    return new PromQlEngine(raw).rangeQuery(query, start, end, step, null);
  }

  /** The tier answer equals the raw answer to the last bit, and no raw sample was read. */
  private void assertExactFromTier(String query, long step, String tier) {
    Value.Matrix expected = fromRaw(query, FROM, TO, step);
    Value.Matrix actual = fromTiers(query, FROM, TO, step);
    assertThat(expected.series()).as(query).isNotEmpty();
    assertThat(actual).as(query).isEqualTo(expected);
    assertThat(tiered.rawSamples()).as(query).isZero();
    assertThat(tiered.buckets()).as(query).containsOnlyKeys(tier);
  }

  /** Same series and times, each value within {@code relative} of the raw answer. */
  private void assertCloseFromTier(String query, long step, String tier, double relative) {
    Value.Matrix expected = fromRaw(query, FROM, TO, step);
    Value.Matrix actual = fromTiers(query, FROM, TO, step);
    assertThat(tiered.rawSamples()).as(query).isZero();
    assertThat(tiered.buckets()).as(query).containsOnlyKeys(tier);
    assertClose(query, actual, expected, relative);
  }

  private static void assertClose(
      String query, Value.Matrix actual, Value.Matrix expected, double relative) {
    assertThat(expected.series()).as(query).isNotEmpty();
    assertThat(actual.series()).as(query).hasSameSizeAs(expected.series());
    for (int i = 0; i < expected.series().size(); i++) {
      Value.Series e = expected.series().get(i);
      Value.Series a = actual.series().get(i);
      assertThat(a.labels()).as(query).isEqualTo(e.labels());
      assertThat(a.timestamps()).as(query + " " + e.labels()).isEqualTo(e.timestamps());
      for (int j = 0; j < e.size(); j++) {
        double want = e.values()[j];
        assertThat(a.values()[j])
            .as("%s %s at %d", query, e.labels(), e.timestamps()[j])
            .isCloseTo(want, org.assertj.core.api.Assertions.within(Math.abs(want) * relative));
      }
    }
  }

  @Test
  void answersMaxOverTimeFromTheHourTierExactlyAsFromRaw() {
    assertExactFromTier("max_over_time(" + MEM + "[1h])", HOUR, "1h");
    assertThat(fromTiers("max_over_time(" + MEM + "[1h])", FROM, TO, HOUR).series())
        .hasSize(3)
        .allSatisfy(s -> assertThat(s.size()).isGreaterThan(90));
    // Four days of three pods: 100 hourly windows of about 240 samples each, read as buckets.
    assertThat(tiered.buckets().get("1h")).isLessThan(3 * 110L);
  }

  @Test
  void answersMinCountLastDeltaAndInstantSelectorsExactly() {
    assertExactFromTier("min_over_time(" + MEM + "[1h])", HOUR, "1h");
    assertExactFromTier("count_over_time(" + CPU + "[2h])", HOUR, "1h");
    assertExactFromTier("last_over_time(" + MEM + "[1h])", HOUR, "1h");
    assertExactFromTier("delta(" + MEM + "[3h])", HOUR, "1h");
    assertExactFromTier("max_over_time(" + MEM + "[1d])", DAY, "1h");
    assertExactFromTier("max_over_time(" + MEM + "[15m])", 15 * MINUTE, "5m");
    assertExactFromTier("max_over_time(" + MEM + "[30m] offset 10m)", HOUR, "5m");
    assertExactFromTier(MEM, HOUR, "1h");
    assertExactFromTier("sum by (namespace) (" + MEM + ")", 5 * MINUTE, "5m");
  }

  @Test
  void addsSumsAndAveragesUpToRounding() {
    assertCloseFromTier("sum_over_time(" + MEM + "[1h])", HOUR, "1h", 1e-12);
    assertCloseFromTier("avg_over_time(" + MEM + "[2h])", HOUR, "1h", 1e-12);
  }

  @Test
  void extrapolatesRateAndIncreaseOfCountersFromBuckets() {
    assertCloseFromTier("rate(" + CPU + "[1h])", HOUR, "1h", 1e-9);
    assertCloseFromTier("increase(" + CPU + "[3h])", HOUR, "1h", 1e-9);
    assertCloseFromTier("rate(" + CPU + "[5m])", 5 * MINUTE, "5m", 1e-9);
    // Pod c resets every 14 hours; pod b has a two-hour gap: both are in the windows compared.
    Value.Matrix rates = fromTiers("rate(" + CPU + "{pod=\"c\"}[1h])", FROM, TO, HOUR);
    assertThat(java.util.Arrays.stream(rates.series().get(0).values()).min().orElseThrow())
        .isPositive();
  }

  @Test
  void answersQuantileOverTimeFromSketchesWithinOnePercent() {
    assertCloseFromTier("quantile_over_time(0.95, " + MEM + "[1h])", HOUR, "1h", 0.01);
    assertCloseFromTier("quantile_over_time(0.5, " + MEM + "[1d])", DAY, "1h", 0.01);
    assertCloseFromTier("quantile_over_time(0.99, " + MEM + "[10m])", 10 * MINUTE, "5m", 0.01);
  }

  @Test
  void readsRawWhenTheWindowsAreNotWholeBucketsOrTheStepIsSmall() {
    for (String query :
        List.of(
            "max_over_time(" + MEM + "[1h])@" + (FROM + 7_000),
            "max_over_time(" + MEM + "[52m])@" + FROM,
            "max_over_time(" + MEM + "[1h])@step90s",
            "rate(" + MEM + "[1h])@" + FROM,
            "quantile_over_time(0.5, " + CPU + "[1h])@" + FROM,
            "irate(" + CPU + "[1h])@" + FROM,
            "deriv(" + MEM + "[1h])@" + FROM)) {
      String expr = query.substring(0, query.indexOf('@'));
      boolean smallStep = query.endsWith("step90s");
      long start = smallStep ? FROM : Long.parseLong(query.substring(query.indexOf('@') + 1));
      long end = smallStep ? FROM + 6 * HOUR : TO;
      long step = smallStep ? 90_000 : HOUR;
      Value.Matrix expected = fromRaw(expr, start, end, step);
      assertThat(fromTiers(expr, start, end, step)).as(expr).isEqualTo(expected);
      assertThat(tiered.buckets()).as(expr).isEmpty();
      assertThat(tiered.rawSamples()).as(expr).isPositive();
    }
  }

  @Test
  void choosesTheCoarsestTierWhoseStepDividesTheWindows() {
    fromTiers("max_over_time(" + MEM + "[1h])", FROM, TO, 2 * HOUR);
    assertThat(tiered.buckets()).containsOnlyKeys("1h");
    fromTiers("max_over_time(" + MEM + "[30m])", FROM, TO, 2 * HOUR);
    assertThat(tiered.buckets()).containsOnlyKeys("5m");
    fromTiers("max_over_time(" + MEM + "[1h])", FROM + 5 * MINUTE, TO, HOUR);
    assertThat(tiered.buckets()).containsOnlyKeys("5m");
    // An instant selector reads an aligned tier, exactly, where there is one...
    assertThat(fromTiers(MEM, FROM + 5 * MINUTE, TO, HOUR))
        .isEqualTo(fromRaw(MEM, FROM + 5 * MINUTE, TO, HOUR));
    assertThat(tiered.buckets()).containsOnlyKeys("5m");
    // ...else the coarsest tier within the step: the last sample of the bucket holding t.
    Value.Matrix approximate = fromTiers(MEM, FROM + 7_000, TO, HOUR);
    assertThat(tiered.buckets()).containsOnlyKeys("1h");
    Value.Series a = approximate.series().get(0);
    for (int i = 0; i < a.size(); i++) {
      long t = a.timestamps()[i];
      long bucket = t - Math.floorMod(t, HOUR);
      double last = store.rollups(RollupTestData.key(MEM, "a"), "1h", bucket, bucket).get(0).last();
      assertThat(a.values()[i]).as("at %d", t).isEqualTo(last);
    }
  }

  @Test
  void readsATierWhereRetentionDroppedTheRawSamples() {
    assertThat(shortRaw.read(RollupTestData.key(MEM, "a"), START, START + 2 * DAY)).isEmpty();
    long t = START + DAY + 10 * HOUR;
    String query = "max_over_time(" + MEM + "[1h])";
    pruned.reset();
    Value fromPruned = new PromQlEngine(pruned).instantQuery(query, t, null);
    assertThat(pruned.buckets()).containsOnlyKeys("5m");
    assertThat(fromPruned).isEqualTo(new PromQlEngine(raw).instantQuery(query, t, null));

    // Small steps over dropped raw samples: approximate, exact where windows are whole buckets.
    Value.Matrix fine = new PromQlEngine(pruned).rangeQuery(query, t, t + HOUR, MINUTE, null);
    Value.Matrix exact = fromRaw(query, t, t + HOUR, MINUTE);
    assertThat(fine.series()).hasSameSizeAs(exact.series());
    for (int i = 0; i < exact.series().size(); i++) {
      Value.Series e = exact.series().get(i);
      Value.Series a = fine.series().get(i);
      for (int j = 0; j < e.size(); j += 5) { // every fifth minute is a 5m boundary
        assertThat(a.values()[j]).isEqualTo(e.values()[j]);
      }
    }
  }

  @Test
  void countsBucketsAgainstTheSampleLimit() {
    QueryLimits tight = new QueryLimits(100, 50, Duration.ofMinutes(1), 11_000);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                new PromQlEngine(tiered, tight)
                    .rangeQuery("max_over_time(" + MEM + "[1h])", FROM, TO, HOUR, null))
        .isInstanceOf(QueryLimitException.class)
        .hasMessageContaining("maxSamples");
  }

  @Test
  void knowsTheTiersOfTheStore() {
    assertThat(tiered.tiers()).extracting(Resolution::name).containsExactly("5m", "1h");
    assertThat(new StoreSeriesSource(shortRaw).retainedFrom("raw")).isGreaterThan(START + DAY);
    assertThat(new StoreSeriesSource(shortRaw).retainedFrom("1h")).isLessThan(START);
  }
}
