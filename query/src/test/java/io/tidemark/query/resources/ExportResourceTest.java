package io.tidemark.query.resources;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.junit5.DropwizardClientExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.tidemark.storage.Sample;
import io.tidemark.storage.SeriesKey;
import io.tidemark.storage.SeriesSample;
import io.tidemark.storage.rocksdb.RocksDbStore;
import io.tidemark.testkit.Promtool;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code /api/v1/export} over real HTTP, on a store holding two hours of a small cluster's resource
 * metrics (15 s apart, with the kubelet's millisecond jitter), checked against {@code promtool}.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class ExportResourceTest {

  /** The end of the stored data and "now". */
  private static final long NOW = 1_700_007_200_000L;

  private static final long START = NOW - 2 * 3_600_000L;
  private static final Path DIR = createTempDir();
  private static final RocksDbStore STORE = RocksDbStore.open(DIR);
  private static final long STORED = load(STORE);
  private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC);

  private static final DropwizardClientExtension SERVER =
      new DropwizardClientExtension(new ExportResource(STORE, CLOCK));

  @TempDir Path tmp;
  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper mapper = new ObjectMapper();

  private static Path createTempDir() {
    try {
      return Files.createTempDirectory("tidemark-export-test");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** 3 nodes x 4 pods x 2 containers: cpu counters and memory gauges, and the scrape series. */
  private static long load(RocksDbStore store) {
    Random random = new Random(7);
    List<SeriesSample> batch = new ArrayList<>();
    long count = 0;
    double[] cpu = new double[64];
    for (long t = START; t <= NOW; t += 15_000) {
      int k = 0;
      for (int n = 0; n < 3; n++) {
        String node = "node-" + n;
        long stats = t - random.nextInt(1000);
        batch.add(new SeriesSample(SeriesKey.of("up", "node", node), t, 1));
        batch.add(
            new SeriesSample(
                SeriesKey.of("scrape_duration_seconds", "node", node),
                t,
                0.01 + random.nextDouble() / 100));
        for (int p = 0; p < 4; p++) {
          for (String container : List.of("app", "sidecar")) {
            String[] labels = {
              "container", container, "namespace", "ns" + (p % 2), "node", node, "pod", "pod-" + p
            };
            cpu[k] += random.nextDouble() * 15;
            batch.add(
                new SeriesSample(
                    SeriesKey.of("container_cpu_usage_seconds_total", labels), stats, cpu[k++]));
            batch.add(
                new SeriesSample(
                    SeriesKey.of("container_memory_working_set_bytes", labels),
                    stats,
                    100_000_000 + random.nextInt(50_000_000)));
          }
        }
      }
      count += batch.size();
      store.append(batch);
      batch.clear();
    }
    return count;
  }

  @AfterAll
  static void closeStore() {
    STORE.close();
  }

  private static String q(String... namesAndValues) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      out.append(i == 0 ? "" : "&")
          .append(URLEncoder.encode(namesAndValues[i], StandardCharsets.UTF_8))
          .append('=')
          .append(URLEncoder.encode(namesAndValues[i + 1], StandardCharsets.UTF_8));
    }
    return out.toString();
  }

  private HttpResponse<byte[]> get(String query, String... headers) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(SERVER.baseUri() + "/api/v1/export?" + query));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static String text(HttpResponse<byte[]> response) {
    return new String(response.body(), StandardCharsets.UTF_8);
  }

  private void assertBadData(HttpResponse<byte[]> response, String message) throws Exception {
    assertThat(response.statusCode()).as(text(response)).isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
    JsonNode body = mapper.readTree(response.body());
    assertThat(body.get("status").asText()).isEqualTo("error");
    assertThat(body.get("errorType").asText()).isEqualTo("bad_data");
    assertThat(body.get("error").asText()).isEqualTo(message);
  }

  private void assertBadDataStartingWith(HttpResponse<byte[]> response, String prefix)
      throws Exception {
    assertThat(response.statusCode()).as(text(response)).isEqualTo(400);
    JsonNode body = mapper.readTree(response.body());
    assertThat(body.get("errorType").asText()).isEqualTo("bad_data");
    assertThat(body.get("error").asText()).startsWith(prefix);
  }

  @Test
  void streamsTheSelectedSeriesAsOpenMetrics() throws Exception {
    HttpResponse<byte[]> response =
        get(
            q(
                "match[]",
                "container_memory_working_set_bytes{pod=\"pod-1\",node=\"node-2\"}",
                "match[]",
                "up{node=\"node-0\"}",
                "start",
                String.valueOf(NOW / 1000 - 30),
                "end",
                String.valueOf(NOW / 1000)));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type").orElseThrow())
        .startsWith("application/openmetrics-text")
        .contains("version=1.0.0")
        .contains("charset=utf-8");
    List<String> lines = text(response).lines().toList();
    assertThat(lines.get(0)).isEqualTo("# TYPE container_memory_working_set_bytes gauge");
    assertThat(lines)
        .filteredOn(l -> l.startsWith("container_memory"))
        .hasSize(2 * 2) // two containers, samples at NOW - 15 s and NOW (less jitter, so one)
        .allMatch(l -> l.contains("node=\"node-2\"") && l.contains("pod=\"pod-1\""));
    assertThat(lines)
        .containsSequence(
            "# TYPE up gauge",
            "up{node=\"node-0\"} 1 1700007170",
            "up{node=\"node-0\"} 1 1700007185",
            "up{node=\"node-0\"} 1 1700007200",
            "# EOF")
        .endsWith("# EOF");
  }

  @Test
  void defaultsToTheLastHour() throws Exception {
    List<String> lines = text(get(q("match[]", "up{node=\"node-1\"}"))).lines().toList();

    // One sample every 15 s over [now - 1 h, now], both ends included.
    assertThat(lines).hasSize(1 + 241 + 1);
    assertThat(lines.get(1)).isEqualTo("up{node=\"node-1\"} 1 " + (NOW / 1000 - 3600));
  }

  @Test
  void takesRfc3339TimesAndFormPosts() throws Exception {
    String form =
        q(
            "match[]", "up",
            "start", Instant.ofEpochMilli(NOW - 15_000).toString(),
            "end", Instant.ofEpochMilli(NOW).toString());
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(SERVER.baseUri() + "/api/v1/export"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body().lines().filter(l -> l.startsWith("up{"))).hasSize(3 * 2);
  }

  @Test
  void compressesWhenTheClientAcceptsGzip() throws Exception {
    String query = q("match[]", "{__name__=~\"container_.*\"}");
    HttpResponse<byte[]> plain = get(query);
    HttpResponse<byte[]> gzipped = get(query, "Accept-Encoding", "gzip");

    assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
    assertThat(gzipped.statusCode()).isEqualTo(200);
    assertThat(gzipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
    byte[] inflated = new GZIPInputStream(new ByteArrayInputStream(gzipped.body())).readAllBytes();
    assertThat(inflated).isEqualTo(plain.body());
    assertThat(gzipped.body().length).isLessThan(plain.body().length / 3);
  }

  /**
   * Each bad {@code match[]}, {@code start} and {@code end}, by GET and by form POST: 400 {@code
   * bad_data} naming the parameter, before the first byte of the export.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          start=1                              | match[] | no match[] parameter provided
          match[]=                             | match[] | invalid parameter "match[]": parse error at char 1: no expression found in input
          match[]=up{                          | match[] | invalid parameter "match[]": parse error at char 4:
          match[]=sum(up)                      | match[] | invalid parameter "match[]": parse error at char 1: expected a series selector like metric{label="value"}, got sum(up)
          match[]={node=~".*"}                 | match[] | invalid parameter "match[]": parse error at char 1: vector selector must contain at least one non-empty matcher
          match[]=up&match[]=up offset 1m      | match[] | invalid parameter "match[]": parse error at char 1: expected a series selector
          match[]=up&start=yesterday           | start   | invalid parameter "start": cannot parse "yesterday" to a valid timestamp (unix seconds or RFC 3339)
          match[]=up&start=1e30                | start   | invalid parameter "start": cannot parse "1e30" to a valid timestamp (unix seconds or RFC 3339)
          match[]=up&start=NaN                 | start   | invalid parameter "start": cannot parse "NaN" to a valid timestamp (unix seconds or RFC 3339)
          match[]=up&end=2023-13-01T00:00:00Z  | end     | invalid parameter "end": cannot parse "2023-13-01T00:00:00Z" to a valid timestamp (unix seconds or RFC 3339)
          match[]=up&end=1e999999999           | end     | invalid parameter "end": cannot parse "1e999999999" to a valid timestamp (unix seconds or RFC 3339)
          match[]=up&start=20&end=10           | end     | invalid parameter "end": end timestamp must not be before start time
          match[]=up&start=9223372036854775.807 | end    | invalid parameter "end": end timestamp must not be before start time
          """)
  void rejectsBadParametersNamingThem(String params, String parameter, String message)
      throws Exception {
    String query = form(params);
    for (HttpResponse<byte[]> response :
        List.of(get(query), post("application/x-www-form-urlencoded", query))) {
      assertBadDataStartingWith(response, message);
      assertThat(mapper.readTree(response.body()).get("error").asText()).contains(parameter);
    }
  }

  /** A POST body that is not a URL-encoded form, or does not decode: 400 naming why. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          application/json                                | {"match[]": ["up"]} | unsupported Content-Type "application/json": send the parameters in the URL or in an application/x-www-form-urlencoded body
          application/x-www-form-urlencoded; charset=nope | match%5B%5D=up      | invalid Content-Type "application/x-www-form-urlencoded; charset=nope": unknown charset "nope"
          application/x-www-form-urlencoded               | match%5B%5D=%ZZ     | invalid parameter "match[]": the form value "%ZZ" is not URL-encoded
          """)
  void rejectsABodyThatIsNotAFormNamingWhy(String contentType, String body, String message)
      throws Exception {
    assertBadData(post(contentType, body), message);
  }

  private HttpResponse<byte[]> post(String contentType, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(SERVER.baseUri() + "/api/v1/export"))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  /** {@code a=1&b=x y} as a URL-encoded form: split at {@code &}, then at the first {@code =}. */
  private static String form(String params) {
    List<String> namesAndValues = new ArrayList<>();
    for (String pair : params.split("&")) {
      int eq = pair.indexOf('=');
      namesAndValues.add(pair.substring(0, eq));
      namesAndValues.add(pair.substring(eq + 1));
    }
    return q(namesAndValues.toArray(String[]::new));
  }

  @Test
  void promtoolBuildsBlocksHoldingEverySampleExported() throws Exception {
    Promtool promtool = Promtool.require();
    HttpResponse<byte[]> response =
        get(
            q(
                "match[]", "{__name__=~\".+\"}",
                "start", String.valueOf(START / 1000),
                "end", String.valueOf(NOW / 1000)));
    Path file = tmp.resolve("export.om");
    Files.write(file, response.body());
    long exported = text(response).lines().filter(l -> !l.startsWith("#")).count();

    Promtool.Result result = promtool.createBlocks(file, tmp.resolve("blocks"));

    assertThat(result.exitCode()).as(result.output()).isZero();
    // Every stored sample but those of the first second, whose stats times fall before START.
    assertThat(exported).isGreaterThan(STORED * 99 / 100).isLessThanOrEqualTo(STORED);
    assertThat(promtool.blockCount(tmp.resolve("blocks"))).isGreaterThanOrEqualTo(1);
    assertThat(promtool.sampleCount(tmp.resolve("blocks"))).isEqualTo(exported);
  }

  @Test
  void promtoolReadsBackTheSeriesAndValuesOfASmallExport() throws Exception {
    Promtool promtool = Promtool.require();
    SeriesKey series =
        SeriesKey.of(
            "container_cpu_usage_seconds_total",
            "container",
            "app",
            "namespace",
            "ns1",
            "node",
            "node-0",
            "pod",
            "pod-1");
    long from = NOW - 60_000;
    HttpResponse<byte[]> response =
        get(
            q(
                "match[]",
                    "container_cpu_usage_seconds_total{node=\"node-0\",pod=\"pod-1\",container=\"app\"}",
                "start", String.valueOf(from / 1000),
                "end", String.valueOf(NOW / 1000)));
    Path file = tmp.resolve("small.om");
    Files.write(file, response.body());
    assertThat(text(response)).startsWith("# TYPE container_cpu_usage_seconds counter\n");

    Promtool.Result result = promtool.createBlocks(file, tmp.resolve("blocks"));
    List<String> dump = promtool.dump(tmp.resolve("blocks"));

    assertThat(result.exitCode()).as(result.output()).isZero();
    List<Sample> stored = STORE.read(series, from, NOW);
    assertThat(stored).hasSizeGreaterThanOrEqualTo(4);
    List<String> expected = new ArrayList<>();
    for (Sample s : stored) {
      expected.add(
          "{__name__=\"container_cpu_usage_seconds_total\", container=\"app\", namespace=\"ns1\","
              + " node=\"node-0\", pod=\"pod-1\"} "
              + s.value()
              + " "
              + s.timestampMillis());
    }
    List<String> dumped = new ArrayList<>();
    for (String line : dump) {
      int value = line.lastIndexOf(' ', line.lastIndexOf(' ') - 1);
      String[] parts = line.substring(value + 1).split(" ");
      dumped.add(line.substring(0, value + 1) + Double.parseDouble(parts[0]) + " " + parts[1]);
    }
    assertThat(dumped).containsExactlyElementsOf(expected);
  }
}
