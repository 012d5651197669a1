package io.tidemark.query.resources;

import static io.tidemark.query.promql.PromTestData.at;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.junit5.DropwizardClientExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.tidemark.query.promql.PromTestData;
import io.tidemark.query.promql.QueryLimits;
import io.tidemark.storage.rocksdb.RocksDbStore;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Iterator;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Prometheus HTTP API over real HTTP, answers compared with what Prometheus 2.42 answers for
 * the same data ({@link PromTestData}).
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class PromApiResourceTest {

  private static final Path DIR = createTempDir();
  private static final RocksDbStore STORE = seededStore();
  private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(at(120)), ZoneOffset.UTC);
  private static final QueryLimits TIGHT = new QueryLimits(2, 5, Duration.ofMinutes(1), 10);
  private static final QueryLimits NO_TIME = new QueryLimits(100, 1000, Duration.ofNanos(1), 10);

  private static final DropwizardClientExtension SERVER =
      new DropwizardClientExtension(
          new PromQueryResource(STORE, QueryLimits.DEFAULT, CLOCK),
          new PromMetadataResource(STORE, QueryLimits.DEFAULT),
          new TsdbStatusResource(STORE));
  private static final DropwizardClientExtension LIMITED =
      new DropwizardClientExtension(
          new PromQueryResource(STORE, TIGHT, CLOCK), new PromMetadataResource(STORE, TIGHT));
  private static final DropwizardClientExtension SLOW =
      new DropwizardClientExtension(new PromQueryResource(STORE, NO_TIME, CLOCK));

  private final ObjectMapper mapper = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  private static Path createTempDir() {
    try {
      return Files.createTempDirectory("tidemark-promql-test");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static RocksDbStore seededStore() {
    RocksDbStore store = RocksDbStore.open(DIR);
    PromTestData.load(store);
    return store;
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

  private HttpResponse<String> get(DropwizardClientExtension server, String path, String query)
      throws Exception {
    URI base = server.baseUri();
    return http.send(
        HttpRequest.newBuilder(URI.create(base + path + (query.isEmpty() ? "" : "?" + query)))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path, String query) throws Exception {
    return get(SERVER, path, query);
  }

  private HttpResponse<String> post(String path, String form) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(SERVER.baseUri() + path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private void assertJson(HttpResponse<String> response, int status, String expected)
      throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
    assertThat(mapper.readTree(response.body())).isEqualTo(mapper.readTree(expected));
  }

  private static String json(String singleQuoted) {
    return singleQuoted.replace('\'', '"');
  }

  // ------------------------------------------------------------------ /api/v1/query

  @Test
  void answersAnInstantVector() throws Exception {
    HttpResponse<String> response =
        get("/api/v1/query", q("query", "memory_bytes{job=\"api\"}", "time", "1700000120.5"));

    assertJson(
        response,
        200,
        json(
            "{'status':'success','data':{'resultType':'vector','result':["
                + "{'metric':{'__name__':'memory_bytes','instance':'a','job':'api'},"
                + "'value':[1700000120.5,'30']},"
                + "{'metric':{'__name__':'memory_bytes','instance':'b','job':'api'},"
                + "'value':[1700000120.5,'60']}]}}"));
    // Vector times always carry three decimals in Prometheus' encoder.
    assertThat(response.body()).contains("[1700000120.500,\"30\"]");
  }

  @Test
  void answersAScalarAndAStringWithPlainTimes() throws Exception {
    HttpResponse<String> scalar = get("/api/v1/query", q("query", "1 + 1", "time", "1700000120.5"));
    assertThat(scalar.body())
        .isEqualTo(
            json(
                "{'status':'success','data':{'resultType':'scalar','result':[1700000120.5,'2']}}"));

    HttpResponse<String> string = get("/api/v1/query", q("query", "'hi'", "time", "1700000120"));
    assertThat(string.body())
        .isEqualTo(
            json("{'status':'success','data':{'resultType':'string','result':[1700000120,'hi']}}"));
  }

  @Test
  void answersARangeSelectorWithAMatrix() throws Exception {
    assertJson(
        get("/api/v1/query", q("query", "memory_bytes{instance=\"a\"}[2m]", "time", "1700000120")),
        200,
        json(
            "{'status':'success','data':{'resultType':'matrix','result':["
                + "{'metric':{'__name__':'memory_bytes','instance':'a','job':'api'},"
                + "'values':[[1700000000,'10'],[1700000060,'20'],[1700000120,'30']]}]}}"));
  }

  @Test
  void evaluatesAtTheClockTimeWithoutATimeParameter() throws Exception {
    assertJson(
        get("/api/v1/query", q("query", "time()")),
        200,
        json(
            "{'status':'success','data':{'resultType':'scalar','result':[1700000120,'1700000120']}}"));
  }

  @Test
  void writesSpecialValuesAsPrometheus() throws Exception {
    String body = get("/api/v1/query", q("query", "-vector(1) / 0", "time", "1700000120")).body();
    assertThat(body).contains("\"-Inf\"");
    assertThat(get("/api/v1/query", q("query", "vector(1e21)", "time", "1")).body())
        .contains("[1,\"1e+21\"]");
    assertThat(get("/api/v1/query", q("query", "scalar(memory_bytes)", "time", "1")).body())
        .contains("[1,\"NaN\"]");
    assertThat(get("/api/v1/query", q("query", "0.1 + 0.2", "time", "1")).body())
        .contains("[1,\"0.30000000000000004\"]");
  }

  @Test
  void acceptsAFormPost() throws Exception {
    assertJson(
        post("/api/v1/query", q("query", "sum(memory_bytes)", "time", "2023-11-14T22:15:20Z")),
        200,
        json(
            "{'status':'success','data':{'resultType':'vector','result':["
                + "{'metric':{},'value':[1700000120,'90']}]}}"));
  }

  // ------------------------------------------------------------------ /api/v1/query_range

  @Test
  void answersARangeQueryWithAMatrixSortedByLabels() throws Exception {
    String expected =
        json(
            "{'status':'success','data':{'resultType':'matrix','result':["
                + "{'metric':{'instance':'a','job':'api'},"
                + "'values':[[1700000000,'20'],[1700000060,'40'],[1700000120,'60']]},"
                + "{'metric':{'instance':'b','job':'api'},"
                + "'values':[[1700000000,'40'],[1700000060,'80'],[1700000120,'120']]}]}}");
    String query = "2 * memory_bytes{job=\"api\"}";

    assertJson(
        get(
            "/api/v1/query_range",
            q("query", query, "start", "1700000000", "end", "1700000120", "step", "60")),
        200,
        expected);
    assertJson(
        post(
            "/api/v1/query_range",
            q(
                "query", query,
                "start", "2023-11-14T22:13:20Z",
                "end", "2023-11-14T22:15:20.000Z",
                "step", "1m")),
        200,
        expected);
  }

  // ------------------------------------------------------------------ errors

  @Test
  void answersAParseErrorWithBadData() throws Exception {
    assertJson(
        get("/api/v1/query", q("query", "sum(rate(x[5m])", "time", "1")),
        400,
        json(
            "{'status':'error','errorType':'bad_data',"
                + "'error':'invalid parameter \\'query\\': parse error at char 16:"
                + " unexpected end of input in aggregation, expected \\',\\' or \\')\\''}"));
  }

  @Test
  void namesTheBadParameter() throws Exception {
    assertError(
        get("/api/v1/query", q("query", "1", "time", "yesterday")),
        400,
        "bad_data",
        "invalid parameter \"time\": Invalid time value for 'time': cannot parse \"yesterday\" to"
            + " a valid timestamp");
    assertError(
        get("/api/v1/query", q("query", "1", "timeout", "soon")),
        400,
        "bad_data",
        "invalid parameter \"timeout\": cannot parse \"soon\" to a valid duration");
    assertError(
        get("/api/v1/query_range", q("query", "1", "start", "x", "end", "1", "step", "1")),
        400,
        "bad_data",
        "invalid parameter \"start\": cannot parse \"x\" to a valid timestamp");
    assertError(
        get("/api/v1/query_range", q("query", "1", "start", "1", "end", "2")),
        400,
        "bad_data",
        "invalid parameter \"step\": cannot parse \"\" to a valid duration");
    assertError(
        get("/api/v1/query_range", q("query", "1", "start", "1", "end", "2", "step", "0")),
        400,
        "bad_data",
        "invalid parameter \"step\": zero or negative query resolution step widths are not"
            + " accepted. Try a positive integer");
    assertError(
        get("/api/v1/query_range", q("query", "1", "start", "3", "end", "2", "step", "1")),
        400,
        "bad_data",
        "invalid parameter \"end\": end timestamp must not be before start time");
    assertError(
        get("/api/v1/query_range", q("query", "x[1m]", "start", "1", "end", "2", "step", "1")),
        400,
        "bad_data",
        "invalid expression type \"range vector\" for range query, must be Scalar or instant"
            + " Vector");
  }

  @Test
  void answersAQueryThatCannotBeEvaluatedWithExecution() throws Exception {
    assertError(
        get("/api/v1/query", q("query", "limit_bytes + ignoring(instance) memory_bytes")),
        422,
        "execution",
        null);
  }

  @Test
  void answersEachExceededLimitWith422NamingIt() throws Exception {
    assertThat(error(get(LIMITED, "/api/v1/query", q("query", "memory_bytes")), 422, "execution"))
        .contains("maxSeriesPerSelector");
    assertThat(
            error(
                get(LIMITED, "/api/v1/query", q("query", "memory_bytes{job=\"api\"}[10m]")),
                422,
                "execution"))
        .contains("maxSamples");
    assertThat(
            error(
                get(
                    LIMITED,
                    "/api/v1/query_range",
                    q("query", "1", "start", "0", "end", "11", "step", "1")),
                422,
                "execution"))
        .contains("maxPointsPerSeries")
        .contains("exceeded maximum resolution of 10 points per timeseries");
    assertThat(
            error(get(LIMITED, "/api/v1/series", q("match[]", "requests_total")), 422, "execution"))
        .contains("maxSeriesPerSelector");
  }

  @Test
  void answersATimeoutWith503() throws Exception {
    assertThat(error(get(SLOW, "/api/v1/query", q("query", "memory_bytes")), 503, "timeout"))
        .startsWith("query timed out in expression evaluation")
        .contains("maxQueryTime");
  }

  private void assertError(HttpResponse<String> response, int status, String type, String message)
      throws Exception {
    String actual = error(response, status, type);
    if (message != null) {
      assertThat(actual).isEqualTo(message);
    }
  }

  private String error(HttpResponse<String> response, int status, String type) throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    JsonNode body = mapper.readTree(response.body());
    assertThat(fieldNames(body)).containsExactly("error", "errorType", "status");
    assertThat(body.path("status").asText()).isEqualTo("error");
    assertThat(body.path("errorType").asText()).isEqualTo(type);
    return body.path("error").asText();
  }

  private static TreeSet<String> fieldNames(JsonNode node) {
    TreeSet<String> names = new TreeSet<>();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    return names;
  }

  @Test
  void leavesTheOtherApiV1ResourcesReachable() throws Exception {
    assertThat(get("/api/v1/status/tsdb", "").statusCode()).isEqualTo(200);
  }

  // ------------------------------------------------------------------ metadata

  @Test
  void listsTheSeriesOfEveryMatchSorted() throws Exception {
    assertJson(
        get("/api/v1/series", q("match[]", "limit_bytes", "match[]", "memory_bytes{job=\"web\"}")),
        200,
        json(
            "{'status':'success','data':["
                + "{'__name__':'limit_bytes','job':'api'},"
                + "{'__name__':'memory_bytes','instance':'c','job':'web'}]}"));
    assertJson(
        post("/api/v1/series", q("match[]", "temperature")),
        200,
        json("{'status':'success','data':[{'__name__':'temperature','room':'x'}]}"));
  }

  @Test
  void leavesOutSeriesThatEndedBeforeTheStart() throws Exception {
    // requests_total of a and b end at 100 s, c at 120 s.
    assertJson(
        get("/api/v1/series", q("match[]", "requests_total", "start", "1700000110")),
        200,
        json(
            "{'status':'success','data':["
                + "{'__name__':'requests_total','instance':'c','job':'web'}]}"));
  }

  @Test
  void refusesSeriesWithoutOrWithABadMatch() throws Exception {
    assertError(get("/api/v1/series", ""), 400, "bad_data", "no match[] parameter provided");
    assertThat(error(get("/api/v1/series", q("match[]", "sum(x)")), 400, "bad_data"))
        .startsWith("invalid parameter \"match[]\": parse error at char 1");
  }

  @Test
  void listsLabelNames() throws Exception {
    assertJson(
        get("/api/v1/labels", ""),
        200,
        json("{'status':'success','data':['__name__','instance','job','room']}"));
    assertJson(
        post("/api/v1/labels", q("match[]", "limit_bytes")),
        200,
        json("{'status':'success','data':['__name__','job']}"));
  }

  @Test
  void listsLabelValues() throws Exception {
    assertJson(
        get("/api/v1/label/job/values", ""),
        200,
        json("{'status':'success','data':['api','web']}"));
    assertJson(
        get("/api/v1/label/__name__/values", q("match[]", "{job=\"web\"}")),
        200,
        json("{'status':'success','data':['memory_bytes','requests_total','usage_bytes']}"));
    assertJson(
        post("/api/v1/label/instance/values", q("match[]", "memory_bytes{job=\"api\"}")),
        200,
        json("{'status':'success','data':['a','b']}"));
    assertJson(get("/api/v1/label/nope/values", ""), 200, json("{'status':'success','data':[]}"));
    assertError(
        get("/api/v1/label/1abc/values", ""), 400, "bad_data", "invalid label name: \"1abc\"");
  }
}
