package io.tidemark.query.resources;

import static io.tidemark.query.promql.PromTestData.at;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.junit5.DropwizardClientExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.tidemark.query.promql.Parser;
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
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

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

  private HttpResponse<String> post(String path, String contentType, String body) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(SERVER.baseUri() + path))
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.ISO_8859_1));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
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

  /**
   * Every parameter of every endpoint, each bad in each way it can be: by GET with URL parameters
   * and by POST with a form body, the same 400 {@code bad_data} whose message names the parameter.
   */
  @ParameterizedTest(name = "{0}?{1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          /api/v1/query       | ``                                   | query    | invalid parameter "query": parse error at char 1: no expression found in input
          /api/v1/query       | query=sum(rate(x[5m])                | query    | invalid parameter "query": parse error at char 16: unexpected end of input in aggregation, expected "," or ")"
          /api/v1/query       | query=up{job=~"("}                   | query    | invalid parameter "query": parse error at char 4: invalid regular expression in job=~"(":
          /api/v1/query       | query=histogram_quantile(0.9, x)     | query    | invalid parameter "query": parse error at char 1: function 'histogram_quantile' is not supported
          /api/v1/query       | query=1&time=yesterday               | time     | invalid parameter "time": Invalid time value for 'time': cannot parse "yesterday" to a valid timestamp
          /api/v1/query       | query=1&time=1e30                    | time     | invalid parameter "time": Invalid time value for 'time': cannot parse "1e30" to a valid timestamp
          /api/v1/query       | query=1&time=NaN                     | time     | invalid parameter "time": Invalid time value for 'time': cannot parse "NaN" to a valid timestamp
          /api/v1/query       | query=1&time=2023-11-14T25:00:00Z    | time     | invalid parameter "time": Invalid time value for 'time': cannot parse "2023-11-14T25:00:00Z" to a valid timestamp
          /api/v1/query       | query=1&timeout=soon                 | timeout  | invalid parameter "timeout": cannot parse "soon" to a valid duration
          /api/v1/query       | query=1&timeout=-1s                  | timeout  | invalid parameter "timeout": cannot parse "-1s" to a valid duration
          /api/v1/query       | query=1&timeout=0                    | timeout  | invalid parameter "timeout": the timeout must be positive
          /api/v1/query       | query=1&timeout=1e30                 | timeout  | invalid parameter "timeout": cannot parse "1e30" to a valid duration. It overflows int64
          /api/v1/query       | query=memory_bytes offset -200000000y&time=292277025-08-18T07:12:54.999999999Z | query | invalid parameter "query": the query's time range is out of bounds
          /api/v1/query_range | start=1&end=2&step=1                 | query    | invalid parameter "query": parse error at char 1: no expression found in input
          /api/v1/query_range | query=x[1m]&start=1&end=2&step=1     | query    | invalid parameter "query": invalid expression type "range vector" for range query, must be Scalar or instant Vector
          /api/v1/query_range | query="hi"&start=1&end=2&step=1      | query    | invalid parameter "query": invalid expression type "string" for range query, must be Scalar or instant Vector
          /api/v1/query_range | query=1&end=2&step=1                 | start    | invalid parameter "start": cannot parse "" to a valid timestamp
          /api/v1/query_range | query=1&start=x&end=1&step=1         | start    | invalid parameter "start": cannot parse "x" to a valid timestamp
          /api/v1/query_range | query=1&start=1&step=1               | end      | invalid parameter "end": cannot parse "" to a valid timestamp
          /api/v1/query_range | query=1&start=1&end=2023-13-01T00:00:00Z&step=1 | end | invalid parameter "end": cannot parse "2023-13-01T00:00:00Z" to a valid timestamp
          /api/v1/query_range | query=1&start=3&end=2&step=1         | end      | invalid parameter "end": end timestamp must not be before start time
          /api/v1/query_range | query=1&start=1&end=2                | step     | invalid parameter "step": cannot parse "" to a valid duration
          /api/v1/query_range | query=1&start=1&end=2&step=soon      | step     | invalid parameter "step": cannot parse "soon" to a valid duration
          /api/v1/query_range | query=1&start=1&end=2&step=0         | step     | invalid parameter "step": zero or negative query resolution step widths are not accepted. Try a positive integer
          /api/v1/query_range | query=1&start=1&end=2&step=-15       | step     | invalid parameter "step": zero or negative query resolution step widths are not accepted. Try a positive integer
          /api/v1/query_range | query=1&start=1&end=2&step=1e30      | step     | invalid parameter "step": cannot parse "1e30" to a valid duration. It overflows int64
          /api/v1/query_range | query=1&start=1&end=2&step=1&timeout=0 | timeout | invalid parameter "timeout": the timeout must be positive
          /api/v1/query_range | query=1&start=1&end=2&step=1&timeout=x | timeout | invalid parameter "timeout": cannot parse "x" to a valid duration
          /api/v1/series      | ``                                   | match[]  | no match[] parameter provided
          /api/v1/series      | match[]=                             | match[]  | invalid parameter "match[]": parse error at char 1: no expression found in input
          /api/v1/series      | match[]=sum(x)                       | match[]  | invalid parameter "match[]": parse error at char 1: expected a series selector like metric{label="value"}, got sum(x)
          /api/v1/series      | match[]=x offset 5m                  | match[]  | invalid parameter "match[]": parse error at char 1: expected a series selector
          /api/v1/series      | match[]={job=""}                     | match[]  | invalid parameter "match[]": parse error at char 1: vector selector must contain at least one non-empty matcher
          /api/v1/series      | match[]=up&match[]=up{               | match[]  | invalid parameter "match[]": parse error at char 4:
          /api/v1/series      | match[]=up&start=x                   | start    | invalid parameter "start": Invalid time value for 'start': cannot parse "x" to a valid timestamp
          /api/v1/series      | match[]=up&end=x                     | end      | invalid parameter "end": Invalid time value for 'end': cannot parse "x" to a valid timestamp
          /api/v1/series      | match[]=up&start=10&end=5            | end      | invalid parameter "end": end timestamp must not be before start time
          /api/v1/labels      | start=x                              | start    | invalid parameter "start": Invalid time value for 'start': cannot parse "x" to a valid timestamp
          /api/v1/labels      | end=1e30                             | end      | invalid parameter "end": Invalid time value for 'end': cannot parse "1e30" to a valid timestamp
          /api/v1/labels      | start=10&end=5                       | end      | invalid parameter "end": end timestamp must not be before start time
          /api/v1/labels      | match[]=sum(x)                       | match[]  | invalid parameter "match[]": parse error at char 1: expected a series selector
          /api/v1/label/1abc/values | ``                             | label name | invalid label name: "1abc"
          /api/v1/label/job/values  | start=x                        | start    | invalid parameter "start": Invalid time value for 'start': cannot parse "x" to a valid timestamp
          /api/v1/label/job/values  | end=x                          | end      | invalid parameter "end": Invalid time value for 'end': cannot parse "x" to a valid timestamp
          /api/v1/label/job/values  | start=10&end=5                 | end      | invalid parameter "end": end timestamp must not be before start time
          /api/v1/label/job/values  | match[]={}                     | match[]  | invalid parameter "match[]": parse error at char 1:
          """)
  void refusesABadParameterNamingIt(String path, String params, String parameter, String message)
      throws Exception {
    String query = form(params);
    for (HttpResponse<String> response : List.of(get(path, query), post(path, query))) {
      assertThat(error(response, 400, "bad_data"))
          .as(response.request().method() + " " + path + " " + params)
          .startsWith(message)
          .contains(parameter);
    }
  }

  /** {@code a=1&b=x y} as a URL-encoded form: split at {@code &}, then at the first {@code =}. */
  private static String form(String params) {
    if (params == null || params.isEmpty()) {
      return "";
    }
    List<String> namesAndValues = new ArrayList<>();
    for (String pair : params.split("&")) {
      int eq = pair.indexOf('=');
      namesAndValues.add(pair.substring(0, eq));
      namesAndValues.add(pair.substring(eq + 1));
    }
    return q(namesAndValues.toArray(String[]::new));
  }

  private static Stream<Arguments> postEndpointsAndBadBodies() {
    List<String> endpoints =
        List.of(
            "/api/v1/query",
            "/api/v1/query_range",
            "/api/v1/series",
            "/api/v1/labels",
            "/api/v1/label/job/values");
    List<Arguments> bodies =
        List.of(
            Arguments.of(
                "application/json",
                "{\"query\": \"1\"}",
                "unsupported Content-Type \"application/json\": send the parameters in the URL or"
                    + " in an application/x-www-form-urlencoded body"),
            Arguments.of(
                null,
                "query=1",
                "the body has no Content-Type: send the parameters in the URL or in an"
                    + " application/x-www-form-urlencoded body"),
            Arguments.of(
                "text/plain",
                "query=1",
                "unsupported Content-Type \"text/plain\": send the parameters"),
            Arguments.of(
                "multipart/form-data; boundary=x",
                "--x\r\nContent-Disposition: form-data; name=\"query\"\r\n\r\n1\r\n--x--\r\n",
                "unsupported Content-Type \"multipart/form-data; boundary=x\""),
            Arguments.of(
                "application/x-www-form-urlencoded; charset=nope",
                "query=1",
                "invalid Content-Type \"application/x-www-form-urlencoded; charset=nope\": unknown"
                    + " charset \"nope\""),
            Arguments.of(
                "application/x-www-form-urlencoded",
                "query=%ZZ&match[]=%ZZ&start=%ZZ",
                "invalid parameter \"query\": the form value \"%ZZ\" is not URL-encoded"),
            Arguments.of(
                "application/x-www-form-urlencoded",
                "%E2%8=1",
                "invalid form body: the name \"%E2%8\" is not URL-encoded"));
    List<Arguments> out = new ArrayList<>();
    for (String endpoint : endpoints) {
      for (Arguments body : bodies) {
        Object[] b = body.get();
        out.add(Arguments.of(endpoint, b[0], b[1], b[2]));
      }
    }
    return out.stream();
  }

  /**
   * A POST body that is not a URL-encoded form, or does not decode, is a 400 {@code bad_data}
   * naming the {@code Content-Type} or the parameter, where JAX-RS alone would answer 415 or 500.
   */
  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("postEndpointsAndBadBodies")
  void refusesABodyThatIsNotAFormNamingWhy(
      String path, String contentType, String body, String message) throws Exception {
    assertThat(error(post(path, contentType, body), 400, "bad_data")).startsWith(message);
  }

  @Test
  void readsTheUrlOfAPostWithoutBodyAndTheFormCharset() throws Exception {
    String instant =
        json("{'status':'success','data':{'resultType':'scalar','result':[1700000120,'2']}}");
    assertJson(
        post("/api/v1/query?" + q("query", "1 + 1", "time", "1700000120"), "text/plain", ""),
        200,
        instant);
    assertJson(
        post(
            "/api/v1/query?" + q("time", "1700000120"),
            "application/x-www-form-urlencoded; charset=ISO-8859-1",
            "query=%22%E9t%E9%22"),
        200,
        json(
            "{'status':'success','data':{'resultType':'string','result':[1700000120,'\u00e9t\u00e9']}}"));
    // The body wins over the URL, as Go's FormValue.
    assertJson(
        post(
            "/api/v1/query?" + q("query", "nope(", "time", "1"),
            "application/x-www-form-urlencoded",
            q("query", "1 + 1", "time", "1700000120")),
        200,
        instant);
    assertJson(
        post("/api/v1/label/room/values", "application/x-www-form-urlencoded", "match%5B%5D"),
        400,
        json(
            "{'status':'error','errorType':'bad_data','error':'invalid parameter \\'match[]\\':"
                + " parse error at char 1: no expression found in input'}"));
  }

  /** Shapes of expression {@code depth} levels deep, each recursing differently. */
  private static Stream<Arguments> deepExpressions() {
    return IntStream.of(Parser.MAX_DEPTH, Parser.MAX_DEPTH + 1)
        .boxed()
        .flatMap(
            depth ->
                Stream.of(
                    Arguments.of(depth, nested("(", ")", depth - 1)),
                    Arguments.of(depth, nested("abs(", ")", depth - 1)),
                    Arguments.of(depth, nested("sum by (job) (", ")", depth - 1)),
                    Arguments.of(depth, nested("clamp_min(", ", 0)", depth - 1)),
                    Arguments.of(depth, "-".repeat(depth - 1) + "memory_bytes"),
                    Arguments.of(depth, "memory_bytes" + " + memory_bytes".repeat(depth - 1)),
                    Arguments.of(depth, "memory_bytes" + " ^ memory_bytes".repeat(depth - 1)),
                    Arguments.of(
                        depth,
                        nested("avg(", ")", depth - 3)
                            .replace("memory_bytes", "rate(memory_bytes[5m])"))));
  }

  private static String nested(String open, String close, int levels) {
    return open.repeat(levels) + "memory_bytes" + close.repeat(levels);
  }

  /**
   * Parsing and evaluating recurse once per level of an expression: up to {@link Parser#MAX_DEPTH}
   * levels are answered, by instant and range queries, and one more is a 400 naming {@code query},
   * not a 500 from an exhausted stack.
   */
  @ParameterizedTest(name = "{0} levels: {1}")
  @MethodSource("deepExpressions")
  void answersExpressionsUpToTheDepthLimitAndRefusesDeeperOnes(int depth, String query)
      throws Exception {
    String abbreviated = query.length() > 60 ? query.substring(0, 60) + "..." : query;
    HttpResponse<String> instant = post("/api/v1/query", q("query", query, "time", "1700000120"));
    HttpResponse<String> range =
        post(
            "/api/v1/query_range",
            q("query", query, "start", "1700000000", "end", "1700000120", "step", "60"));
    for (HttpResponse<String> response : List.of(instant, range)) {
      if (depth <= Parser.MAX_DEPTH) {
        assertThat(response.statusCode()).as(abbreviated + ": " + response.body()).isEqualTo(200);
      } else {
        assertThat(error(response, 400, "bad_data"))
            .as(abbreviated)
            .startsWith("invalid parameter \"query\": parse error at char ")
            .endsWith(
                "the expression is more than "
                    + Parser.MAX_DEPTH
                    + " levels deep (nested parentheses, calls and aggregations, or chained"
                    + " operators)");
      }
    }
  }

  @Test
  void refusesFarDeeperExpressionsAndSelectorsWith400() throws Exception {
    for (String query :
        List.of(nested("(", ")", 20_000), "memory_bytes" + " + memory_bytes".repeat(20_000))) {
      assertThat(error(post("/api/v1/query", q("query", query)), 400, "bad_data"))
          .startsWith("invalid parameter \"query\": parse error at char ")
          .contains("levels deep");
    }
    assertThat(
            error(post("/api/v1/series", q("match[]", nested("(", ")", 20_000))), 400, "bad_data"))
        .startsWith("invalid parameter \"match[]\": parse error at char ")
        .contains("levels deep");
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
  }
}
