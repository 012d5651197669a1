package io.tidemark.storage.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.tidemark.storage.Resolution;
import io.tidemark.storage.RetentionPolicy;
import io.tidemark.storage.Sample;
import io.tidemark.storage.SeriesKey;
import io.tidemark.storage.SeriesSample;
import io.tidemark.storage.StoreOptions;
import io.tidemark.storage.rollup.Bucket;
import io.tidemark.storage.rollup.Rollups;
import io.tidemark.storage.sketch.LogSketch;
import io.tidemark.testkit.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Twelve simulated days of a noisy counter with resets and a noisy gauge, at irregular 15-second
 * steps, with maintenance every simulated hour against a manual clock: what each tier keeps, and
 * that rollups agree with the raw samples they summarise.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RetentionAndRollupTest {

  private static final SeriesKey CPU =
      SeriesKey.of("container_cpu_usage_seconds_total", "node", "n1", "pod", "a");
  private static final SeriesKey MEM =
      SeriesKey.of("container_memory_working_set_bytes", "node", "n1", "pod", "a");
  private static final SeriesKey GONE =
      SeriesKey.of("container_memory_working_set_bytes", "pod", "gone");
  private static final long DAY = Keys.DAY_MILLIS;
  private static final long HOUR = 3_600_000L;
  private static final long START = 20_000 * DAY + 7 * HOUR; // 2024-10-04T07:00Z
  private static final int DAYS = 12;
  private static final RetentionPolicy POLICY =
      new RetentionPolicy(
          Duration.ofDays(2),
          List.of(
              new Resolution(Duration.ofMinutes(5), Duration.ofDays(5)),
              new Resolution(Duration.ofHours(1), Duration.ofDays(10))));

  @TempDir static Path dir;

  private final ManualClock clock = new ManualClock(START);
  private RocksDbStore store;
  private final List<Sample> cpuWritten = new ArrayList<>();
  private final List<Sample> memWritten = new ArrayList<>();
  private long now;
  private int rejectedTooOld;

  @BeforeAll
  void ingestTwelveDays() {
    store =
        RocksDbStore.open(
            dir.resolve("store"), StoreOptions.DEFAULT.withRetention(POLICY).withClock(clock));
    Random random = new Random(42);
    double cpu = 0;
    long ts = START;
    long nextMaintenance = START + HOUR;
    store.append(List.of(new SeriesSample(GONE, START, 1)));
    while (ts < START + DAYS * DAY) {
      cpu += 0.05 + random.nextDouble() * 0.4; // cores over the last 15 s, nanosecond precision
      cpu = Math.round(cpu * 1e9) / 1e9;
      if (random.nextInt(20_000) == 0) {
        cpu = random.nextDouble(); // a container restart resets the counter
      }
      double mem = Math.round(2e9 + 3e8 * Math.sin(ts / 4e6) + random.nextGaussian() * 5e7);
      store.append(List.of(new SeriesSample(CPU, ts, cpu), new SeriesSample(MEM, ts, mem)));
      cpuWritten.add(new Sample(ts, cpu));
      memWritten.add(new Sample(ts, mem));
      ts += 15_000 + random.nextInt(2_000) - 1_000; // kubelet stats times are irregular
      clock.set(ts);
      if (ts >= nextMaintenance) {
        store.maintain();
        nextMaintenance += HOUR;
      }
    }
    now = ts;
    // a sample older than the sealed, rolled-up days is refused and counted
    rejectedTooOld = store.append(List.of(new SeriesSample(CPU, START + DAY, 1))).outOfOrder();
  }

  @AfterAll
  void closeStore() {
    store.close();
  }

  @Test
  void rawSamplesOlderThanTheRawRetentionAreGone() {
    long cutoff = now - POLICY.raw().toMillis();
    List<Sample> kept = store.read(CPU, Long.MIN_VALUE, Long.MAX_VALUE);

    assertThat(kept).isNotEmpty();
    assertThat(kept.get(0).timestampMillis()).isGreaterThanOrEqualTo(cutoff);
    assertThat(kept)
        .isEqualTo(cpuWritten.stream().filter(s -> s.timestampMillis() >= cutoff).toList());
    assertThat(store.retainedFrom("raw")).isEqualTo(cutoff);
    // whole days before the cutoff's day were dropped from disk, not just hidden
    assertThat(store.firstDay("raw")).isEqualTo(Keys.day(cutoff));
  }

  @Test
  void eachRollupTierKeepsItsOwnRetention() {
    for (Resolution tier : POLICY.rollups()) {
      long cutoff = now - tier.retention().toMillis();
      List<Bucket> buckets = store.rollups(MEM, tier.name(), Long.MIN_VALUE, Long.MAX_VALUE);
      assertThat(buckets).isNotEmpty();
      assertThat(buckets.get(0).start() + tier.stepMillis()).isGreaterThan(cutoff);
      assertThat(buckets.get(0).start()).isLessThanOrEqualTo(cutoff);
      assertThat(store.firstDay(tier.name())).isEqualTo(Keys.day(cutoff));
    }
    // the 1h tier reaches further back than raw data does
    assertThat(store.rollups(CPU, "1h", START, START + 3 * DAY)).isNotEmpty();
    assertThat(store.read(CPU, START, START + 3 * DAY)).isEmpty();
  }

  @Test
  void rollupsAgreeWithTheRawSamplesExactly() {
    long rolledUpEnd = store.stats().rolledUpThrough();
    long dayStart = rolledUpEnd - DAY; // a day both rolled up and still held raw
    assertThat(dayStart).isGreaterThanOrEqualTo(now - POLICY.raw().toMillis());
    for (SeriesKey series : List.of(CPU, MEM)) {
      List<Sample> raw = store.read(series, dayStart, rolledUpEnd - 1);
      for (Resolution tier : POLICY.rollups()) {
        List<Bucket> stored = store.rollups(series, tier.name(), dayStart, rolledUpEnd - 1);
        List<Bucket> expected = compute(raw, tier.stepMillis(), Rollups.isCounter(series.metric()));

        assertThat(stored).isNotEmpty();
        assertThat(stored).isEqualTo(expected); // records compare doubles bit for bit
      }
    }
  }

  @Test
  void counterIncreaseOverRollupsIsTheRawIncrease() {
    long rolledUpEnd = store.stats().rolledUpThrough();
    long from = rolledUpEnd - DAY;
    List<Sample> raw = store.read(CPU, from, rolledUpEnd - 1);
    double rawIncrease = 0;
    for (int i = 1; i < raw.size(); i++) {
      rawIncrease += Rollups.counterDelta(raw.get(i - 1).value(), raw.get(i).value());
    }
    for (Resolution tier : POLICY.rollups()) {
      double fromRollups = Rollups.increase(store.rollups(CPU, tier.name(), from, rolledUpEnd - 1));
      assertThat(fromRollups).isCloseTo(rawIncrease, within(1e-9 * rawIncrease));
    }
  }

  @Test
  void quantilesOverRollupsStayWithinTheSketchAccuracy() {
    long to = now;
    long from = now - POLICY.raw().toMillis();
    double[] raw = store.read(MEM, from, to).stream().mapToDouble(Sample::value).sorted().toArray();
    List<Bucket> buckets = store.rollups(MEM, "5m", from, to);
    Bucket merged = Rollups.merge(buckets.get(0).start(), buckets);
    double worst = 0;
    for (double q : new double[] {0.5, 0.9, 0.95, 0.99}) {
      double exact = raw[(int) Math.floor(q * (raw.length - 1))];
      double estimate = merged.sketch().quantile(q);
      worst = Math.max(worst, Math.abs(estimate - exact) / exact);
    }
    System.out.printf("rollup quantile worst relative error over 2 days: %.5f%n", worst);
    assertThat(worst).isLessThanOrEqualTo(LogSketch.RELATIVE_ACCURACY);
  }

  @Test
  void refusesSamplesForDaysAlreadyRolledUp() {
    assertThat(rejectedTooOld).isEqualTo(1);
  }

  @Test
  void forgetsSeriesSilentForLongerThanEveryRetention() {
    assertThat(store.select(List.of(io.tidemark.storage.LabelMatcher.equal("pod", "gone"))))
        .isEmpty();
    assertThat(store.select(List.of(io.tidemark.storage.LabelMatcher.equal("pod", "a"))))
        .hasSize(2);
  }

  @Test
  void retentionChangesKeepTheTiersAndRefuseOthers() {
    RetentionPolicy longer =
        new RetentionPolicy(
            Duration.ofDays(3),
            List.of(
                new Resolution(Duration.ofMinutes(5), Duration.ofDays(6)),
                new Resolution(Duration.ofHours(1), Duration.ofDays(11))));
    RetentionPolicy before = store.retention();
    store.retention(longer);
    assertThat(store.retention()).isEqualTo(longer);
    store.retention(before);

    RetentionPolicy otherTiers =
        new RetentionPolicy(
            Duration.ofDays(3),
            List.of(new Resolution(Duration.ofMinutes(10), Duration.ofDays(6))));
    assertThatThrownBy(() -> store.retention(otherTiers))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[5m, 1h]");
    assertThatThrownBy(() -> store.rollups(CPU, "10m", 0, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[5m, 1h]");
  }

  @Test
  void everythingHoldsAfterReopen() {
    List<Sample> before = store.read(CPU, Long.MIN_VALUE, Long.MAX_VALUE);
    List<Bucket> hourly = store.rollups(MEM, "1h", Long.MIN_VALUE, Long.MAX_VALUE);
    store.close();
    store =
        RocksDbStore.open(
            dir.resolve("store"), StoreOptions.DEFAULT.withRetention(POLICY).withClock(clock));

    assertThat(store.read(CPU, Long.MIN_VALUE, Long.MAX_VALUE)).isEqualTo(before);
    assertThat(store.rollups(MEM, "1h", Long.MIN_VALUE, Long.MAX_VALUE)).isEqualTo(hourly);
  }

  private static List<Bucket> compute(List<Sample> samples, long step, boolean counter) {
    long[] ts = samples.stream().mapToLong(Sample::timestampMillis).toArray();
    double[] vs = samples.stream().mapToDouble(Sample::value).toArray();
    return Rollups.compute(ts, vs, ts.length, step, counter);
  }
}
