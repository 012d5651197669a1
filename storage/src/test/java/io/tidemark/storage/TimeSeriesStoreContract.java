package io.tidemark.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link TimeSeriesStore} must have; one subclass per implementation. */
public abstract class TimeSeriesStoreContract {

  protected static final SeriesKey CPU_A =
      SeriesKey.of("container_cpu_usage_seconds_total", "node", "n1", "pod", "a", "container", "c");
  protected static final SeriesKey CPU_B =
      SeriesKey.of("container_cpu_usage_seconds_total", "node", "n1", "pod", "b", "container", "c");
  protected static final SeriesKey MEM_A =
      SeriesKey.of("container_memory_working_set_bytes", "node", "n1", "pod", "a");

  protected TimeSeriesStore store;

  /** A new, empty store. */
  protected abstract TimeSeriesStore newStore();

  @BeforeEach
  void openStore() {
    store = newStore();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  protected static SeriesSample point(SeriesKey key, long ts, double value) {
    return new SeriesSample(key, ts, value);
  }

  @Test
  void readsBackWhatWasAppendedInTimeOrder() {
    AppendResult result =
        store.append(
            List.of(point(CPU_A, 1000, 1.5), point(CPU_A, 2000, 2.5), point(CPU_B, 1500, 7)));

    assertThat(result).isEqualTo(new AppendResult(3, 0, 0));
    assertThat(store.read(CPU_A, 0, Long.MAX_VALUE))
        .containsExactly(new Sample(1000, 1.5), new Sample(2000, 2.5));
    assertThat(store.read(CPU_B, 0, Long.MAX_VALUE)).containsExactly(new Sample(1500, 7));
  }

  @Test
  void readBoundsAreInclusive() {
    store.append(List.of(point(CPU_A, 10, 1), point(CPU_A, 20, 2), point(CPU_A, 30, 3)));

    assertThat(store.read(CPU_A, 10, 20)).containsExactly(new Sample(10, 1), new Sample(20, 2));
    assertThat(store.read(CPU_A, 21, 29)).isEmpty();
    assertThat(store.read(CPU_A, 30, 10)).isEmpty();
  }

  @Test
  void readsIntoASinkWhatReadGivesAsSamples() {
    List<SeriesSample> batch = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      batch.add(point(CPU_A, 86_400_000L - 500 * 15_000L + i * 15_000L, i % 7 == 0 ? 0 : i * 0.5));
    }
    store.append(batch);

    long[][] bounds = {
      {0, Long.MAX_VALUE}, {86_400_000L - 7_000_000L, 86_400_000L + 900_000L}, {5, 4}, {0, 0}
    };
    for (long[] b : bounds) {
      List<Sample> viaSink = new ArrayList<>();
      store.read(CPU_A, b[0], b[1], (t, v) -> viaSink.add(new Sample(t, v)));
      assertThat(viaSink).isEqualTo(store.read(CPU_A, b[0], b[1]));
    }
    List<Sample> none = new ArrayList<>();
    store.read(MEM_A, 0, Long.MAX_VALUE, (t, v) -> none.add(new Sample(t, v)));
    assertThat(none).isEmpty();
  }

  @Test
  void dropsSampleWithTheSameTimestampSilently() {
    store.append(List.of(point(CPU_A, 1000, 1)));

    AppendResult result = store.append(List.of(point(CPU_A, 1000, 99)));

    assertThat(result).isEqualTo(new AppendResult(0, 1, 0));
    assertThat(store.read(CPU_A, 0, Long.MAX_VALUE)).containsExactly(new Sample(1000, 1));
    assertThat(store.stats().samplesRejected()).isZero();
  }

  @Test
  void rejectsAndCountsOlderSample() {
    store.append(List.of(point(CPU_A, 2000, 2)));

    AppendResult result = store.append(List.of(point(CPU_A, 1000, 1), point(CPU_A, 3000, 3)));

    assertThat(result).isEqualTo(new AppendResult(1, 0, 1));
    assertThat(store.read(CPU_A, 0, Long.MAX_VALUE))
        .containsExactly(new Sample(2000, 2), new Sample(3000, 3));
    assertThat(store.stats().samplesRejected()).isEqualTo(1);
  }

  @Test
  void appliesTheOrderRuleWithinOneBatch() {
    AppendResult result =
        store.append(List.of(point(CPU_A, 2000, 2), point(CPU_A, 2000, 5), point(CPU_A, 1000, 1)));

    assertThat(result).isEqualTo(new AppendResult(1, 1, 1));
  }

  @Test
  void keepsSpecialValuesBitForBit() {
    store.append(
        List.of(
            point(CPU_A, 1, Double.NaN),
            point(CPU_A, 2, Double.POSITIVE_INFINITY),
            point(CPU_A, 3, Double.NEGATIVE_INFINITY),
            point(CPU_A, 4, -0.0),
            point(CPU_A, 5, Double.MIN_VALUE)));

    List<Sample> read = store.read(CPU_A, 0, 10);
    assertThat(read).extracting(Sample::value).element(0).matches(v -> Double.isNaN(v));
    assertThat(read.subList(1, 5))
        .extracting(Sample::value)
        .containsExactly(
            Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, Double.MIN_VALUE);
    assertThat(Double.doubleToRawLongBits(read.get(3).value()))
        .isEqualTo(Double.doubleToRawLongBits(-0.0));
  }

  @Test
  void ordersNegativeTimestampsBeforePositiveOnes() {
    store.append(List.of(point(CPU_A, -5000, 1), point(CPU_A, 5000, 2)));

    assertThat(store.read(CPU_A, Long.MIN_VALUE, Long.MAX_VALUE))
        .extracting(Sample::timestampMillis)
        .containsExactly(-5000L, 5000L);
  }

  @Test
  void returnsTheNewestSamplesOldestFirst() {
    List<SeriesSample> batch = new ArrayList<>();
    for (int i = 1; i <= 10; i++) {
      batch.add(point(CPU_A, i * 1000L, i));
    }
    batch.add(point(CPU_B, 99_000, 99));
    store.append(batch);

    assertThat(store.lastSamples(CPU_A, 2))
        .containsExactly(new Sample(9000, 9), new Sample(10000, 10));
    assertThat(store.lastSamples(CPU_A, 50)).hasSize(10);
    assertThat(store.lastSamples(MEM_A, 2)).isEmpty();
  }

  @Test
  void findsSeriesByMetricAndLabels() {
    store.append(List.of(point(CPU_A, 1, 1), point(CPU_B, 1, 1), point(MEM_A, 1, 1)));

    assertThat(store.findSeries("container_cpu_usage_seconds_total", Map.of()))
        .containsExactlyInAnyOrder(CPU_A, CPU_B);
    assertThat(store.findSeries("container_cpu_usage_seconds_total", Map.of("pod", "b")))
        .containsExactly(CPU_B);
    assertThat(store.findSeries("container_cpu_usage_seconds_total", Map.of("pod", "zz")))
        .isEmpty();
    assertThat(store.findSeries("no_such_metric", Map.of())).isEmpty();
  }

  @Test
  void selectsSeriesWithAllFourMatchers() {
    SeriesKey noPod = SeriesKey.of("container_cpu_usage_seconds_total", "node", "n2");
    store.append(
        List.of(point(CPU_A, 1, 1), point(CPU_B, 1, 1), point(MEM_A, 1, 1), point(noPod, 1, 1)));
    String cpu = "container_cpu_usage_seconds_total";

    assertThat(store.select(List.of(LabelMatcher.equal("__name__", cpu))))
        .containsExactlyInAnyOrder(CPU_A, CPU_B, noPod);
    assertThat(
            store.select(
                List.of(LabelMatcher.equal("__name__", cpu), LabelMatcher.notEqual("pod", "a"))))
        .as("!= also matches series without the label")
        .containsExactlyInAnyOrder(CPU_B, noPod);
    assertThat(
            store.select(
                List.of(LabelMatcher.equal("__name__", cpu), LabelMatcher.regex("pod", "a|b"))))
        .containsExactlyInAnyOrder(CPU_A, CPU_B);
    assertThat(store.select(List.of(LabelMatcher.regex("pod", "b"))))
        .as("regexes are fully anchored")
        .containsExactly(CPU_B);
    assertThat(
            store.select(
                List.of(
                    LabelMatcher.regex("__name__", "container_.*"),
                    LabelMatcher.notRegex("node", "n1"))))
        .containsExactly(noPod);
    assertThat(
            store.select(
                List.of(LabelMatcher.equal("__name__", cpu), LabelMatcher.equal("pod", ""))))
        .as("= \"\" selects series without the label")
        .containsExactly(noPod);
    assertThat(store.select(List.of(LabelMatcher.equal("node", "nope")))).isEmpty();
  }

  @Test
  void listsLabelNamesAndValuesSorted() {
    store.append(List.of(point(CPU_B, 1000, 1), point(MEM_A, 1000, 2), point(CPU_A, 1000, 3)));

    assertThat(store.labelNames()).containsExactly("__name__", "container", "node", "pod");
    assertThat(store.labelValues("pod")).containsExactly("a", "b");
    assertThat(store.labelValues("__name__"))
        .containsExactly("container_cpu_usage_seconds_total", "container_memory_working_set_bytes");
    assertThat(store.labelValues("nope")).isEmpty();
  }

  @Test
  void rejectsAnInvalidRegexNamingIt() {
    assertThatThrownBy(() -> LabelMatcher.regex("pod", "a(")).hasMessageContaining("pod=~\"a(\"");
  }

  @Test
  void countsSeriesAndSamples() {
    store.append(List.of(point(CPU_A, 1, 1), point(CPU_A, 2, 1), point(MEM_A, 1, 1)));

    StoreStats stats = store.stats();
    assertThat(stats.series()).isEqualTo(2);
    assertThat(stats.samplesIngested()).isEqualTo(3);
    assertThat(stats.bytesOnDisk()).isPositive();
    assertThat(stats.bytesPerSample()).isPositive();
  }

  @Test
  void refusesWorkAfterClose() {
    store.close();

    assertThatThrownBy(() -> store.append(List.of(point(CPU_A, 1, 1))))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void rollsUpOnTheFlyWhatTheBackgroundHasNotRolledUpYet() {
    List<SeriesSample> batch = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      batch.add(point(MEM_A, 600_000L + i * 15_000L, 100 + i % 7));
      batch.add(point(CPU_A, 600_000L + i * 15_000L, i == 20 ? 1 : 10 + i));
    }
    store.append(batch);

    List<io.tidemark.storage.rollup.Bucket> mem = store.rollups(MEM_A, "5m", 0, Long.MAX_VALUE);
    List<io.tidemark.storage.rollup.Bucket> cpu = store.rollups(CPU_A, "5m", 0, Long.MAX_VALUE);

    assertThat(mem)
        .extracting(io.tidemark.storage.rollup.Bucket::start)
        .containsExactly(600_000L, 900_000L);
    assertThat(mem).extracting(io.tidemark.storage.rollup.Bucket::count).containsExactly(20L, 20L);
    assertThat(mem.get(0).min()).isEqualTo(100);
    assertThat(mem.get(0).max()).isEqualTo(106);
    assertThat(mem.get(0).sketch().quantile(1.0))
        .isCloseTo(106, org.assertj.core.data.Percentage.withPercentage(1));
    assertThat(cpu.get(0).increase()).isEqualTo(19); // 10 .. 29
    assertThat(cpu.get(1).increase()).isEqualTo(30 + 18); // 1 after the reset, 31 .. 49
    assertThat(io.tidemark.storage.rollup.Rollups.increase(cpu))
        .isEqualTo(19 + 1 + 48); // the reset counts from 0
    assertThat(store.rollups(MEM_A, "1h", 0, Long.MAX_VALUE)).hasSize(1);
  }

  @Test
  void startsWithTheDefaultRetention() {
    assertThat(store.retention()).isEqualTo(RetentionPolicy.DEFAULT);
  }
}
