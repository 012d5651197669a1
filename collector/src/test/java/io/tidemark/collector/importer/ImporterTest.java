package io.tidemark.collector.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.storage.LabelMatcher;
import io.tidemark.storage.Sample;
import io.tidemark.storage.SeriesKey;
import io.tidemark.storage.rocksdb.RocksDbStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImporterTest {

  private static final String PROMETHEUS =
      """
      # HELP http_requests_total Requests.
      # TYPE http_requests_total counter
      http_requests_total{code="200",path="/a \\"b\\"\\\\c\\nd"} 10 1700000000000
      http_requests_total{code="200",path="/a \\"b\\"\\\\c\\nd"} 12 1700000015000
      http_requests_total{code="500",path=""} 1 1700000000000
      # TYPE latency_seconds histogram
      latency_seconds_bucket{le="0.5"} 3 1700000000123
      latency_seconds_bucket{le="+Inf"} 4 1700000000123
      latency_seconds_sum 1.5 1700000000123
      latency_seconds_count 4 1700000000123
      temperature{site="zürich"} NaN 1700000000000
      temperature{site="zürich"} +Inf 1700000001000
      temperature{site="zürich"} -Inf 1700000002000
      http_requests_total{code="200",path="/a \\"b\\"\\\\c\\nd"} 15 1700000030000
      """;

  private static final String OPENMETRICS =
      """
      # TYPE http_requests counter
      # HELP http_requests Requests.
      http_requests_total{code="200"} 10 1700000000
      http_requests_total{code="200"} 12 1700000015.5
      http_requests_created{code="200"} 1699999000 1700000015.5
      # TYPE temperature_celsius gauge
      # UNIT temperature_celsius celsius
      temperature_celsius{site="zürich"} -3.5 1700000000.001
      # EOF""";

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

  private ImportResult importText(String text, InputFormat format, int blockBytes, int batch)
      throws ImportException {
    return importBytes(text.getBytes(StandardCharsets.UTF_8), format, blockBytes, batch);
  }

  private ImportResult importBytes(byte[] bytes, InputFormat format, int blockBytes, int batch)
      throws ImportException {
    return new Importer(store, batch, blockBytes)
        .importStream("input.txt", new ByteArrayInputStream(bytes), format, Importer.Listener.NONE);
  }

  private List<Sample> all(SeriesKey key) {
    return store.read(key, Long.MIN_VALUE, Long.MAX_VALUE);
  }

  private static byte[] gzip(String text) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }

  @Test
  void importsPrometheusTextWithMillisecondTimestampsAndRepeatedSeries() throws Exception {
    ImportResult result = importText(PROMETHEUS, null, Importer.BLOCK_BYTES, 10_000);

    assertThat(result).isEqualTo(new ImportResult(11, 11, 0, 0));
    SeriesKey ok = SeriesKey.of("http_requests_total", "code", "200", "path", "/a \"b\"\\c\nd");
    assertThat(all(ok))
        .containsExactly(
            new Sample(1_700_000_000_000L, 10),
            new Sample(1_700_000_015_000L, 12),
            new Sample(1_700_000_030_000L, 15));
    // An empty label value is no label; no node label is added.
    assertThat(all(SeriesKey.of("http_requests_total", "code", "500"))).hasSize(1);
    assertThat(all(SeriesKey.of("latency_seconds_bucket", "le", "+Inf")))
        .containsExactly(new Sample(1_700_000_000_123L, 4));
    assertThat(all(SeriesKey.of("latency_seconds_count"))).hasSize(1);
    List<Sample> temperature = all(SeriesKey.of("temperature", "site", "zürich"));
    assertThat(temperature.get(0).value()).isNaN();
    assertThat(temperature.get(1).value()).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(temperature.get(2).value()).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(store.labelNames()).doesNotContain("node");
  }

  @Test
  void importsOpenMetricsWithSecondTimestamps() throws Exception {
    ImportResult result = importText(OPENMETRICS, null, Importer.BLOCK_BYTES, 10_000);

    assertThat(result.accepted()).isEqualTo(4);
    assertThat(all(SeriesKey.of("http_requests_total", "code", "200")))
        .containsExactly(new Sample(1_700_000_000_000L, 10), new Sample(1_700_000_015_500L, 12));
    assertThat(all(SeriesKey.of("http_requests_created", "code", "200"))).hasSize(1);
    assertThat(all(SeriesKey.of("temperature_celsius", "site", "zürich")))
        .containsExactly(new Sample(1_700_000_000_001L, -3.5));
  }

  @Test
  void readsGzipRecognisedByItsMagicBytes() throws Exception {
    assertThat(importBytes(gzip(PROMETHEUS), null, Importer.BLOCK_BYTES, 10_000).accepted())
        .isEqualTo(11);
    assertThat(importBytes(gzip(OPENMETRICS + "\n"), null, Importer.BLOCK_BYTES, 10_000).read())
        .isEqualTo(4);
  }

  @Test
  void tinyBlocksAndBatchesGiveTheSameStore() throws Exception {
    importText(PROMETHEUS, InputFormat.PROMETHEUS, 5, 3);
    importText(OPENMETRICS, InputFormat.OPENMETRICS, 7, 1);

    try (RocksDbStore other = RocksDbStore.open(dir.resolve("other"))) {
      new Importer(other, 10_000)
          .importStream(
              "a",
              new ByteArrayInputStream(PROMETHEUS.getBytes(StandardCharsets.UTF_8)),
              null,
              Importer.Listener.NONE);
      new Importer(other, 10_000)
          .importStream(
              "b",
              new ByteArrayInputStream(OPENMETRICS.getBytes(StandardCharsets.UTF_8)),
              null,
              Importer.Listener.NONE);
      List<SeriesKey> series = store.select(List.of(LabelMatcher.regex("__name__", ".+")));
      assertThat(series).hasSize(10);
      assertThat(other.select(List.of(LabelMatcher.regex("__name__", ".+"))))
          .containsExactlyInAnyOrderElementsOf(series);
      for (SeriesKey key : series) {
        assertThat(other.read(key, Long.MIN_VALUE, Long.MAX_VALUE)).isEqualTo(all(key));
      }
    }
  }

  @Test
  void namesTheLineOfAMalformedSampleAndKeepsWhatCameBefore() {
    String text =
        "a 1 1700000000000\n"
            + "a 2 1700000001000\n"
            + "a 3 1700000002000\n"
            + "a x 1700000003000\n";

    assertThatThrownBy(() -> importText(text, null, 8, 2))
        .isInstanceOfSatisfying(
            ImportException.class,
            e -> {
              assertThat(e.getMessage()).isEqualTo("input.txt, line 4: expected float as value");
              assertThat(e.line()).isEqualTo(4);
              assertThat(e.result()).isEqualTo(new ImportResult(3, 3, 0, 0));
            });
    assertThat(all(SeriesKey.of("a"))).hasSize(3);
  }

  @Test
  void namesTheLineOfAnOpenMetricsErrorAcrossBlocks() {
    String text = "# TYPE a gauge\na 1 1700000000\na 2 1700000001\n\na 3 1700000002\n# EOF\n";

    assertThatThrownBy(() -> importText(text, null, 4, 10_000))
        .isInstanceOf(ImportException.class)
        .hasMessage("input.txt, line 4: blank line");
    assertThat(all(SeriesKey.of("a"))).hasSize(2);
  }

  @Test
  void refusesASampleWithoutTimestamp() {
    String text = "a 1 1700000000000\nb{x=\"1\"} 2\n";

    assertThatThrownBy(() -> importText(text, null, Importer.BLOCK_BYTES, 10_000))
        .isInstanceOf(ImportException.class)
        .hasMessageStartingWith("input.txt, line 2: the sample of b has no timestamp");
    assertThat(all(SeriesKey.of("a"))).hasSize(1);
  }

  @Test
  void refusesAnOpenMetricsInputWithoutEofOrWithTextAfterIt() {
    assertThatThrownBy(() -> importText("a 1 1700000000\n", InputFormat.OPENMETRICS, 64, 10))
        .hasMessage("input.txt, line 2: missing # EOF");
    assertThatThrownBy(() -> importText("# EOF\na 1 1700000000\n", InputFormat.OPENMETRICS, 64, 10))
        .hasMessage("input.txt, line 1: text after # EOF");
  }

  @Test
  void refusesPrometheusTextWhoseLastLineLacksItsLineFeed() {
    assertThatThrownBy(() -> importText("a 1 1700000000000\na 2 17000", null, 64, 10))
        .hasMessage("input.txt, line 2: unexpected end of input stream");
    assertThat(all(SeriesKey.of("a"))).hasSize(1);
  }

  @Test
  void reportsATruncatedGzipInputAfterStoringWhatItHeld() throws Exception {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 50_000; i++) {
      text.append("a ").append(i).append(' ').append(1_700_000_000_000L + i).append('\n');
    }
    byte[] gzip = gzip(text.toString());

    assertThatThrownBy(() -> importBytes(Arrays.copyOf(gzip, gzip.length / 2), null, 1 << 12, 1000))
        .isInstanceOf(ImportException.class)
        .hasMessageContaining("cannot read the input");
    assertThat(all(SeriesKey.of("a"))).hasSizeGreaterThan(1000).hasSizeLessThan(50_000);
  }

  @Test
  void countsDuplicatesAndOlderSamplesWithoutFailing() throws Exception {
    importText("a 1 1700000001000\na 2 1700000002000\n", null, 64, 10);

    ImportResult again =
        importText("a 1 1700000001000\na 2 1700000002000\na 3 1700000003000\n", null, 64, 10);

    assertThat(again).isEqualTo(new ImportResult(3, 1, 1, 1));
    assertThat(all(SeriesKey.of("a"))).extracting(Sample::value).containsExactly(1.0, 2.0, 3.0);
  }

  @Test
  void growsItsBlockForALongLine() throws Exception {
    String value = "v".repeat(10_000);
    String text = "a{long=\"" + value + "\"} 1 1700000000000\n";

    assertThat(importText(text, null, 16, 10).accepted()).isEqualTo(1);
    assertThat(store.findSeries("a", Map.of("long", value))).hasSize(1);
  }

  @Test
  void recognisesTheFormatFromTheFirstTimestampOrTheOpenMetricsMarkers() {
    assertThat(sniff("a 1 1700000000000\n")).isEqualTo(InputFormat.PROMETHEUS);
    assertThat(sniff("a{b=\"x y\"} 1 1700000000000\n")).isEqualTo(InputFormat.PROMETHEUS);
    assertThat(sniff("# TYPE a gauge\na{b=\"} 1.5 \"} 1 1700000000\n"))
        .isEqualTo(InputFormat.OPENMETRICS);
    assertThat(sniff("a 1 1700000000.5\n")).isEqualTo(InputFormat.OPENMETRICS);
    assertThat(sniff("a 1 1.7e9\n")).isEqualTo(InputFormat.OPENMETRICS);
    assertThat(sniff("a 1\n# EOF\n")).isEqualTo(InputFormat.OPENMETRICS);
    assertThat(sniff("# TYPE a unknown\n")).isEqualTo(InputFormat.OPENMETRICS);
    assertThat(sniff("# TYPE a untyped\na 1\n")).isEqualTo(InputFormat.PROMETHEUS);
    assertThat(sniff("a 1\n")).isEqualTo(InputFormat.PROMETHEUS);
  }

  private static InputFormat sniff(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    return InputFormat.sniff(bytes, bytes.length);
  }
}
