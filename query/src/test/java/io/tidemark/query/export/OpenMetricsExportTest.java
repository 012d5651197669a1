package io.tidemark.query.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.storage.Sample;
import io.tidemark.storage.SeriesKey;
import io.tidemark.storage.SeriesSample;
import io.tidemark.storage.rocksdb.RocksDbStore;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenMetricsExportTest {

  private static final long T0 = 1_700_000_000_000L;
  private static final long DAY = 86_400_000L;
  private static final long STALE_NAN = 0x7ff0000000000002L;

  @TempDir Path dir;
  private RocksDbStore store;

  @BeforeEach
  void open() {
    store = RocksDbStore.open(dir);
  }

  @AfterEach
  void close() {
    store.close();
  }

  private void append(SeriesKey key, long ts, double value) {
    store.append(List.of(new SeriesSample(key, ts, value)));
  }

  private String export(String selector, long from, long to) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    OpenMetricsExport.prepare(
            store, new ExportRequest(List.of(ExportRequest.parseSelector(selector)), from, to))
        .writeTo(out, OpenMetricsExport.Listener.NONE);
    return out.toString(StandardCharsets.UTF_8);
  }

  private String exportAll() throws Exception {
    return export(ExportRequest.EVERY_SERIES, Long.MIN_VALUE, Long.MAX_VALUE);
  }

  @Test
  void writesCountersAndGaugesSortedWithOneTypeLineEachAndEof() throws Exception {
    SeriesKey cpuB = SeriesKey.of("container_cpu_usage_seconds_total", "node", "n1", "pod", "b");
    SeriesKey cpuA = SeriesKey.of("container_cpu_usage_seconds_total", "node", "n1", "pod", "a");
    SeriesKey memory = SeriesKey.of("node_memory_working_set_bytes", "node", "n1");
    append(cpuB, T0, 2.5);
    append(cpuA, T0 + 123, 1);
    append(cpuA, T0 + 15_000, 1.25);
    append(memory, T0 + 1, 123456789);

    assertThat(exportAll())
        .isEqualTo(
            """
            # TYPE container_cpu_usage_seconds counter
            container_cpu_usage_seconds_total{node="n1",pod="a"} 1 1700000000.123
            container_cpu_usage_seconds_total{node="n1",pod="a"} 1.25 1700000015
            container_cpu_usage_seconds_total{node="n1",pod="b"} 2.5 1700000000
            # TYPE node_memory_working_set_bytes gauge
            node_memory_working_set_bytes{node="n1"} 123456789 1700000000.001
            # EOF
            """);
  }

  @Test
  void escapesLabelValuesAndWritesSpecialValues() throws Exception {
    SeriesKey odd = SeriesKey.of("temperature", "room", "a \"b\" \\c\nd", "site", "zürich");
    append(odd, T0, Double.NaN);
    append(odd, T0 + 1000, Double.POSITIVE_INFINITY);
    append(odd, T0 + 2000, Double.NEGATIVE_INFINITY);
    append(odd, T0 + 3000, -0.0);
    append(odd, T0 + 4000, 1e-300);
    append(SeriesKey.of("up"), T0, 1);

    assertThat(exportAll())
        .isEqualTo(
            """
            # TYPE temperature gauge
            temperature{room="a \\"b\\" \\\\c\\nd",site="zürich"} NaN 1700000000
            temperature{room="a \\"b\\" \\\\c\\nd",site="zürich"} +Inf 1700000001
            temperature{room="a \\"b\\" \\\\c\\nd",site="zürich"} -Inf 1700000002
            temperature{room="a \\"b\\" \\\\c\\nd",site="zürich"} -0 1700000003
            temperature{room="a \\"b\\" \\\\c\\nd",site="zürich"} 1.0E-300 1700000004
            # TYPE up gauge
            up 1 1700000000
            # EOF
            """);
  }

  @Test
  void aTotalThatCannotBeACounterIsUnknownUnderItsFullName() throws Exception {
    append(SeriesKey.of("errors_total", "a", "1"), T0, 1);
    append(SeriesKey.of("errors_total", "a", "2"), T0, Double.NaN);
    append(SeriesKey.of("drift_total"), T0, -3);
    // A metric already named like the counter's family.
    append(SeriesKey.of("requests"), T0, 7);
    append(SeriesKey.of("requests_total"), T0, 8);
    append(SeriesKey.of("_total"), T0, 9);

    assertThat(exportAll())
        .isEqualTo(
            """
            # TYPE _total unknown
            _total 9 1700000000
            # TYPE drift_total unknown
            drift_total -3 1700000000
            # TYPE errors_total unknown
            errors_total{a="1"} 1 1700000000
            errors_total{a="2"} NaN 1700000000
            # TYPE requests gauge
            requests 7 1700000000
            # TYPE requests_total unknown
            requests_total 8 1700000000
            # EOF
            """);
  }

  @Test
  void leavesOutStalenessMarkersAndFamiliesWithoutSamplesInTheRange() throws Exception {
    append(SeriesKey.of("gone"), T0, 1);
    append(SeriesKey.of("gone"), T0 + 1000, Double.longBitsToDouble(STALE_NAN));
    append(SeriesKey.of("early"), T0 - 60_000, 1);
    append(SeriesKey.of("late"), T0 + 60_001, 1);

    assertThat(export(ExportRequest.EVERY_SERIES, T0, T0 + 60_000))
        .isEqualTo(
            """
            # TYPE gone gauge
            gone 1 1700000000
            # EOF
            """);
  }

  @Test
  void keepsSeriesThatDifferOnlyInLeOrQuantileTogether() throws Exception {
    for (String pod : List.of("a", "b")) {
      for (String le : List.of("0.5", "1", "+Inf")) {
        append(SeriesKey.of("latency_seconds_bucket", "le", le, "pod", pod), T0, 1);
      }
    }

    List<String> pods =
        exportAll()
            .lines()
            .filter(l -> l.startsWith("latency"))
            .map(l -> l.split("pod=")[1])
            .toList();

    assertThat(pods)
        .containsExactly(
            "\"a\"} 1 1700000000",
            "\"a\"} 1 1700000000",
            "\"a\"} 1 1700000000",
            "\"b\"} 1 1700000000",
            "\"b\"} 1 1700000000",
            "\"b\"} 1 1700000000");
  }

  @Test
  void readsLongRangesDayByDayWithTheSameResult() throws Exception {
    SeriesKey key = SeriesKey.of("memory_bytes", "pod", "a");
    List<SeriesSample> batch = new ArrayList<>();
    for (long ts = T0; ts < T0 + 3 * DAY; ts += 600_000) {
      batch.add(new SeriesSample(key, ts, ts % 7));
    }
    store.append(batch);
    long from = T0 + 3_600_000;
    long to = T0 + 2 * DAY + 1_800_000;

    List<String> lines = export("memory_bytes", from, to).lines().toList();

    List<Sample> expected = store.read(key, from, to);
    assertThat(OpenMetricsExport.windows(from, to)).hasSizeGreaterThan(2);
    assertThat(lines).hasSize(expected.size() + 2);
    assertThat(lines.get(1)).endsWith(" " + (from / 1000));
    assertThat(lines.get(lines.size() - 2)).endsWith(" " + (to / 1000));
  }

  @Test
  void windowsCoverTheRangeExactlyOnce() {
    long from = T0 + 5;
    long to = T0 + 2 * DAY + 17;
    List<long[]> windows = OpenMetricsExport.windows(from, to);

    assertThat(windows.get(0)[0]).isEqualTo(from);
    assertThat(windows.get(windows.size() - 1)[1]).isEqualTo(to);
    for (int i = 1; i < windows.size(); i++) {
      assertThat(windows.get(i)[0]).isEqualTo(windows.get(i - 1)[1] + 1);
      assertThat(windows.get(i)[0] % DAY).isZero();
    }
    assertThat(OpenMetricsExport.windows(Long.MIN_VALUE, to)).hasSize(1);
    assertThat(OpenMetricsExport.windows(T0, T0 + 100 * DAY)).hasSize(1);
  }

  @Test
  void valuesReadBackToTheSameDouble() {
    Random random = new Random(42);
    for (int i = 0; i < 100_000; i++) {
      double value =
          switch (i % 4) {
            case 0 -> Double.longBitsToDouble(random.nextLong());
            case 1 -> random.nextDouble() * Math.pow(10, random.nextInt(40) - 20);
            case 2 -> (double) random.nextInt(1_000_000);
            default -> random.nextGaussian();
          };
      if (Double.isNaN(value)) {
        continue;
      }
      StringBuilder out = new StringBuilder();
      OpenMetricsExport.appendValue(out, value);
      String text = out.toString();
      double back = Double.parseDouble(text.replace("Inf", "Infinity"));
      assertThat(Double.doubleToRawLongBits(back))
          .as(text)
          .isEqualTo(Double.doubleToRawLongBits(value));
    }
  }

  @Test
  void parsesTimesAndSelectorsOrSaysWhatIsWrong() {
    assertThat(ExportRequest.parseTime("1700000000")).isEqualTo(T0);
    assertThat(ExportRequest.parseTime("1700000000.1235")).isEqualTo(T0 + 124);
    assertThat(ExportRequest.parseTime("1.7e9")).isEqualTo(T0);
    assertThat(ExportRequest.parseTime("2023-11-14T22:13:20Z")).isEqualTo(T0);
    assertThat(ExportRequest.parseTime("2023-11-14T23:13:20.5+01:00")).isEqualTo(T0 + 500);
    for (String bad : List.of("", "yesterday", "NaN", "1e999999999", "2023-11-14")) {
      assertThatThrownBy(() -> ExportRequest.parseTime(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("cannot parse \"" + bad + "\" to a valid timestamp");
    }
    assertThat(ExportRequest.parseSelector("up{node=\"n1\"}")).hasSize(2);
    assertThatThrownBy(() -> ExportRequest.parseSelector("rate(up[5m])"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("series selector");
    assertThatThrownBy(() -> ExportRequest.parseSelector("{node=\"\"}"))
        .hasMessageContaining("at least one non-empty matcher");
    assertThatThrownBy(() -> new ExportRequest(List.of(List.of()), 2, 1))
        .hasMessageContaining("before its start");
  }
}
