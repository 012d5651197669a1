package io.tidemark.query.resources;

import static io.tidemark.query.promql.RollupTestData.DAY;
import static io.tidemark.query.promql.RollupTestData.HOUR;
import static io.tidemark.query.promql.RollupTestData.START;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.junit5.DropwizardClientExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.tidemark.query.format.GoNumbers;
import io.tidemark.query.promql.QueryLimits;
import io.tidemark.query.promql.RollupTestData;
import io.tidemark.storage.SeriesKey;
import io.tidemark.storage.SeriesSample;
import io.tidemark.storage.StoreOptions;
import io.tidemark.storage.rocksdb.RocksDbStore;
import io.tidemark.storage.rollup.Bucket;
import io.tidemark.storage.sketch.LogSketch;
import io.tidemark.testkit.ManualClock;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code /api/v1/rollups} over real HTTP, on {@link RollupTestData} and a small worked series. */
@ExtendWith(DropwizardExtensionsSupport.class)
class RollupsResourceTest {

  private static final SeriesKey TINY_GAUGE = SeriesKey.of("tiny_bytes", "pod", "z");
  private static final SeriesKey TINY_COUNTER = SeriesKey.of("tiny_total", "pod", "z");
  private static final Path DIR = createTempDir();
  private static final RocksDbStore STORE = seededStore();
  private static final QueryLimits TIGHT = new QueryLimits(2, 15, Duration.ofMinutes(1), 10);

  private static final DropwizardClientExtension SERVER =
      new DropwizardClientExtension(new RollupsResource(STORE, QueryLimits.DEFAULT));
  private static final DropwizardClientExtension LIMITED =
      new DropwizardClientExtension(new RollupsResource(STORE, TIGHT));

  private final ObjectMapper mapper = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  private static Path createTempDir() {
    try {
      return Files.createTempDirectory("tidemark-rollups-test");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static RocksDbStore seededStore() {
    ManualClock clock = new ManualClock(START);
    RocksDbStore store = RocksDbStore.open(DIR, StoreOptions.DEFAULT.withClock(clock));
    // tiny_bytes: 1, 3 in the first hour, 2 in the second; tiny_total: 5, 7, reset to 1, 4.
    store.append(
        List.of(
            new SeriesSample(TINY_GAUGE, START, 1),
            new SeriesSample(TINY_GAUGE, START + 60_000, 3),
            new SeriesSample(TINY_GAUGE, START + HOUR + 1_500, 2),
            new SeriesSample(TINY_COUNTER, START, 5),
            new SeriesSample(TINY_COUNTER, START + 60_000, 7),
            new SeriesSample(TINY_COUNTER, START + 120_000, 1),
            new SeriesSample(TINY_COUNTER, START + 180_000, 4)));
    RollupTestData.load(store, clock);
    return store;
  }

  @AfterAll
  static void closeStore() throws java.io.IOException {
    STORE.close();
    try (java.util.stream.Stream<Path> files = Files.walk(DIR)) {
      for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(f);
      }
    }
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

  private static String seconds(long millis) {
    return GoNumbers.formatF(millis / 1000.0);
  }

  private HttpResponse<String> get(DropwizardClientExtension server, String query)
      throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(server.baseUri() + "/api/v1/rollups?" + query)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String query) throws Exception {
    return get(SERVER, query);
  }

  private JsonNode success(HttpResponse<String> response) throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
    JsonNode body = mapper.readTree(response.body());
    assertThat(body.path("status").asText()).isEqualTo("success");
    return body.path("data");
  }

  private String error(HttpResponse<String> response, int status, String type) throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    JsonNode body = mapper.readTree(response.body());
    assertThat(body.path("status").asText()).isEqualTo("error");
    assertThat(body.path("errorType").asText()).isEqualTo(type);
    return body.path("error").asText();
  }

  private static String sketchValue(double q, double... values) {
    LogSketch sketch = new LogSketch();
    for (double v : values) {
      sketch.add(v);
    }
    return GoNumbers.formatSample(sketch.quantile(q));
  }

  @Test
  void answersTheBucketsOfEachSeriesWorkedByHand() throws Exception {
    JsonNode data =
        success(
            get(
                q(
                    "match[]",
                    "{pod=\"z\"}",
                    "resolution",
                    "1h",
                    "start",
                    seconds(START),
                    "end",
                    seconds(START + 2 * HOUR))));
    String gaugeP95 = sketchValue(0.95, 1, 3);
    String expected =
        ("{'resolution':'1h','result':["
                + "{'metric':{'__name__':'tiny_bytes','pod':'z'},'buckets':["
                + "{'start':S0,'count':2,'sum':'4','min':'1','max':'3','first':'1','last':'3',"
                + "'firstTimestamp':S0,'lastTimestamp':S60,"
                + "'p50':'P50A','p90':'P90A','p95':'P95A','p99':'P95A'},"
                + "{'start':S1H,'count':1,'sum':'2','min':'2','max':'2','first':'2','last':'2',"
                + "'firstTimestamp':S1H.5,'lastTimestamp':S1H.5,"
                + "'p50':'P2','p90':'P2','p95':'P2','p99':'P2'}]},"
                + "{'metric':{'__name__':'tiny_total','pod':'z'},'buckets':["
                + "{'start':S0,'count':4,'sum':'17','min':'1','max':'7','first':'5','last':'4',"
                + "'firstTimestamp':S0,'lastTimestamp':S180,'increase':'6'}]}]}")
            .replace("S1H.5", GoNumbers.seconds(START + HOUR + 1_500))
            .replace("S1H", seconds(START + HOUR))
            .replace("S0", seconds(START))
            .replace("S60", seconds(START + 60_000))
            .replace("S180", seconds(START + 180_000))
            .replace("P50A", sketchValue(0.5, 1, 3))
            .replace("P90A", sketchValue(0.9, 1, 3))
            .replace("P95A", gaugeP95)
            .replace("P2", sketchValue(0.5, 2))
            .replace('\'', '"');
    assertThat(data).isEqualTo(mapper.readTree(expected));
    // The sketch answers the value at rank floor(q * (n - 1)), within 1%: of {1, 3}, always 1.
    assertThat(Double.parseDouble(sketchValue(0.5, 1, 3))).isCloseTo(1, within(0.01));
    assertThat(Double.parseDouble(gaugeP95)).isCloseTo(1, within(0.01));
  }

  private static org.assertj.core.data.Offset<Double> within(double d) {
    return org.assertj.core.data.Offset.offset(d);
  }

  @Test
  void answersWhatTheStoreKeepsForEveryMatchedSeriesSortedByLabels() throws Exception {
    long from = START + 4 * DAY; // not rolled up yet: computed from raw samples on the fly
    JsonNode data =
        success(
            get(
                q(
                    "match[]", "container_memory_working_set_bytes{pod=~\"a|b\"}",
                    "match[]", "{__name__=~\"container_.*\",pod=\"a\"}",
                    "resolution", "5m",
                    "start", seconds(from),
                    "end", seconds(from + HOUR))));
    assertThat(data.path("resolution").asText()).isEqualTo("5m");
    JsonNode result = data.path("result");
    assertThat(result).hasSize(3);
    assertThat(result.get(0).path("metric").path("__name__").asText())
        .isEqualTo(RollupTestData.CPU);
    assertThat(result.get(1).path("metric").path("pod").asText()).isEqualTo("a");
    assertThat(result.get(2).path("metric").path("pod").asText()).isEqualTo("b");

    List<Bucket> stored =
        STORE.rollups(RollupTestData.key(RollupTestData.MEMORY, "b"), "5m", from, from + HOUR);
    JsonNode buckets = result.get(2).path("buckets");
    assertThat(buckets).hasSize(13).hasSize(stored.size());
    Bucket b = stored.get(3);
    JsonNode json = buckets.get(3);
    assertThat(json.path("start").asText()).isEqualTo(seconds(b.start()));
    assertThat(json.path("count").asLong()).isEqualTo(b.count());
    assertThat(json.path("max").asText()).isEqualTo(GoNumbers.formatSample(b.max()));
    assertThat(json.path("p99").asText())
        .isEqualTo(GoNumbers.formatSample(b.sketch().quantile(0.99)));
    assertThat(json.has("increase")).isFalse();
    assertThat(result.get(0).path("buckets").get(0).has("increase")).isTrue();
    assertThat(result.get(0).path("buckets").get(0).has("p50")).isFalse();
  }

  @Test
  void answersCsvWithOneRowPerSeriesAndBucket() throws Exception {
    HttpResponse<String> response =
        get(
            q(
                "match[]", "{pod=\"z\"}",
                "resolution", "1h",
                "start", seconds(START),
                "end", seconds(START + 2 * HOUR),
                "format", "csv"));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/csv"));
    String s0 = seconds(START);
    assertThat(response.body().split("\n", -1))
        .containsExactly(
            "series,start,count,sum,min,max,first,last,firstTimestamp,lastTimestamp,increase,"
                + "p50,p90,p95,p99",
            "\"tiny_bytes{pod=\"\"z\"\"}\","
                + s0
                + ",2,4,1,3,1,3,"
                + s0
                + ","
                + seconds(START + 60_000)
                + ",,"
                + String.join(
                    ",",
                    sketchValue(0.5, 1, 3),
                    sketchValue(0.9, 1, 3),
                    sketchValue(0.95, 1, 3),
                    sketchValue(0.99, 1, 3)),
            "\"tiny_bytes{pod=\"\"z\"\"}\","
                + seconds(START + HOUR)
                + ",1,2,2,2,2,2,"
                + GoNumbers.seconds(START + HOUR + 1_500)
                + ","
                + GoNumbers.seconds(START + HOUR + 1_500)
                + ",,"
                + String.join(",", java.util.Collections.nCopies(4, sketchValue(0.5, 2))),
            "\"tiny_total{pod=\"\"z\"\"}\","
                + s0
                + ",4,17,1,7,5,4,"
                + s0
                + ","
                + seconds(START + 180_000)
                + ",6,,,,",
            "");
  }

  @Test
  void takesAFormPostAsWell() throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(SERVER.baseUri() + "/api/v1/rollups"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        q(
                            "match[]",
                            "tiny_total",
                            "resolution",
                            "5m",
                            "start",
                            seconds(START),
                            "end",
                            seconds(START + HOUR))))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(success(response).path("result").get(0).path("buckets")).hasSize(1);
  }

  /**
   * Each bad parameter, by GET and by form POST, in JSON and CSV alike: 400 {@code bad_data} naming
   * it. {@code R} stands for a good range ({@code start} and {@code end}).
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          match[]=x&resolution=2m&R          | resolution | invalid parameter "resolution": unknown resolution "2m"; the resolutions are 5m, 1h
          match[]=x&resolution=raw&R         | resolution | invalid parameter "resolution": unknown resolution "raw"; the resolutions are 5m, 1h
          match[]=x&R                        | resolution | invalid parameter "resolution": a resolution is required, one of 5m, 1h
          match[]=x&resolution=&R            | resolution | invalid parameter "resolution": a resolution is required, one of 5m, 1h
          resolution=5m&R                    | match[]    | no match[] parameter provided
          match[]=&resolution=5m&R           | match[]    | invalid parameter "match[]": parse error at char 1: no expression found in input
          match[]=sum(x)&resolution=5m&R     | match[]    | invalid parameter "match[]": parse error at char 1: expected a series selector
          match[]=x{a=~"("}&resolution=5m&R  | match[]    | invalid parameter "match[]": parse error at char 3: invalid regular expression
          match[]=x&resolution=5m&format=xml&R | format   | invalid parameter "format": unknown format "xml"; the formats are json, csv
          match[]=x&resolution=5m&end=1      | start      | invalid parameter "start": cannot parse "" to a valid timestamp
          match[]=x&resolution=5m&start=x&end=5&format=csv | start | invalid parameter "start": cannot parse "x" to a valid timestamp
          match[]=x&resolution=5m&start=1    | end        | invalid parameter "end": cannot parse "" to a valid timestamp
          match[]=x&resolution=5m&start=1&end=1e30 | end  | invalid parameter "end": cannot parse "1e30" to a valid timestamp
          match[]=x&resolution=5m&start=10&end=5 | end    | invalid parameter "end": end timestamp must not be before start time
          match[]=x&resolution=5m&start=10&end=5&format=csv | end | invalid parameter "end": end timestamp must not be before start time
          """)
  void refusesBadParametersNamingThem(String params, String parameter, String message)
      throws Exception {
    List<String> namesAndValues = new ArrayList<>();
    for (String pair : params.split("&")) {
      if (pair.equals("R")) {
        pair = "start=" + seconds(START);
        namesAndValues.addAll(List.of("end", seconds(START + HOUR)));
      }
      int eq = pair.indexOf('=');
      namesAndValues.add(pair.substring(0, eq));
      namesAndValues.add(pair.substring(eq + 1));
    }
    String query = q(namesAndValues.toArray(String[]::new));
    for (HttpResponse<String> response :
        List.of(get(query), post("application/x-www-form-urlencoded", query))) {
      assertThat(error(response, 400, "bad_data"))
          .as(response.request().method())
          .startsWith(message)
          .contains(parameter);
    }
  }

  /** A POST body that is not a URL-encoded form, or does not decode: 400 naming why. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          text/csv                                        | match[],resolution | unsupported Content-Type "text/csv": send the parameters in the URL or in an application/x-www-form-urlencoded body
          application/x-www-form-urlencoded; charset=nope | resolution=5m      | invalid Content-Type "application/x-www-form-urlencoded; charset=nope": unknown charset "nope"
          application/x-www-form-urlencoded               | resolution=%5      | invalid parameter "resolution": the form value "%5" is not URL-encoded
          """)
  void refusesABodyThatIsNotAFormNamingWhy(String contentType, String body, String message)
      throws Exception {
    assertThat(error(post(contentType, body), 400, "bad_data")).isEqualTo(message);
  }

  private HttpResponse<String> post(String contentType, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(SERVER.baseUri() + "/api/v1/rollups"))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void answersErrorsAsJsonToAClientAskingForCsv() throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        SERVER.baseUri()
                            + "/api/v1/rollups?"
                            + q("match[]", "x", "resolution", "1d", "format", "csv")))
                .header("Accept", "text/csv")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(error(response, 400, "bad_data")).contains("the resolutions are 5m, 1h");
  }

  @Test
  void answersEachExceededLimitWith422NamingIt() throws Exception {
    String hours = "&start=" + seconds(START) + "&end=" + seconds(START + 10 * HOUR);
    assertThat(
            error(
                get(LIMITED, q("match[]", RollupTestData.MEMORY, "resolution", "1h") + hours),
                422,
                "execution"))
        .contains("maxSeriesPerSelector");
    assertThat(
            error(
                get(LIMITED, q("match[]", "{pod=\"a\"}", "resolution", "5m") + hours),
                422,
                "execution"))
        .contains("maxPointsPerSeries");
    assertThat(
            error(
                get(LIMITED, q("match[]", "{pod=\"a\"}", "resolution", "1h") + hours),
                422,
                "execution"))
        .contains("maxSamples");
    assertThat(
            success(get(LIMITED, q("match[]", "{pod=\"z\"}", "resolution", "1h") + hours))
                .path("result"))
        .hasSize(2);
  }
}
