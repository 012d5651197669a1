package io.tidemark.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.DropwizardTestSupport;
import io.tidemark.config.ScrapeEndpoint;
import io.tidemark.config.TidemarkConfiguration;
import io.tidemark.simulator.KubeletSimulator;
import io.tidemark.simulator.SimulatorSpec;
import io.tidemark.testkit.Binaries;
import io.tidemark.testkit.PromAnswer;
import java.io.IOException;
import java.math.BigDecimal;
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
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code promtool query}, the real binary found on {@code PATH} (Prometheus 2.42's in Debian 12),
 * against the whole daemon scraping the simulator: for each expression, promtool must exit 0 and
 * print the series, times and values that Tidemark's own {@code /api/v1/query} and {@code
 * /api/v1/query_range} answer, in the same order. Skipped, saying so, where no promtool is on
 * {@code PATH}.
 *
 * <p>Every query names its evaluation time (a few seconds in the past once the data is there), so
 * promtool and the direct request read the same samples.
 */
class PromtoolQueryTest {

  private static final Duration PERIOD = Duration.ofSeconds(1);
  private static final Duration RANGE = Duration.ofSeconds(20);

  @TempDir static Path dir;

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final AtomicInteger RUNS = new AtomicInteger();
  private static Path promtool;
  private static KubeletSimulator simulator;
  private static DropwizardTestSupport<TidemarkConfiguration> tidemark;
  private static String server;

  /** The evaluation time of every instant query and the end of every range query, in ms. */
  private static long time;

  @BeforeAll
  static void start() throws Exception {
    Optional<Path> found = Binaries.onPath("promtool");
    if (found.isEmpty()) {
      return; // every test reports itself skipped, see requirePromtool
    }
    promtool = found.get();
    simulator = KubeletSimulator.start(new SimulatorSpec(3, 6, 23, PERIOD), Clock.systemUTC(), 0);
    TidemarkConfiguration config =
        TidemarkApplicationTest.configuration(simulator, dir.resolve("store"));
    config.getScrape().setEndpoints(EnumSet.of(ScrapeEndpoint.RESOURCE, ScrapeEndpoint.SUMMARY));
    tidemark = new DropwizardTestSupport<>(TidemarkApplication.class, config);
    tidemark.before();
    server = "http://127.0.0.1:" + tidemark.getLocalPort();

    // Scrapes of every node from before the range queries' first step on.
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () -> {
              PromAnswer counts =
                  PromAnswer.ofApiBody(
                      tidemarkQuery(
                          "count by (node) (count_over_time("
                              + "container_cpu_usage_seconds_total[1m]) >= 28)",
                          System.currentTimeMillis()));
              return counts.series().size() == simulator.nodeNames().size();
            });
    // Samples carry the kubelet's times, up to a second ahead of the scrape that stores them; a
    // query three seconds back reads only samples already stored and never changes afterwards.
    time = (System.currentTimeMillis() - 3_000) / 1000 * 1000 + 250;
  }

  @BeforeEach
  void requirePromtool() {
    assumeTrue(promtool != null, "no promtool on PATH: skipping the promtool query test");
  }

  @AfterAll
  static void stop() {
    if (tidemark != null) {
      tidemark.after();
    }
    if (simulator != null) {
      simulator.close();
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "container_memory_working_set_bytes",
        "node_cpu_usage_seconds_total{node=\"sim-node-001\"}",
        "rate(container_cpu_usage_seconds_total[1m])",
        "sum by (namespace) (rate(container_cpu_usage_seconds_total[1m]))",
        "max_over_time(container_memory_working_set_bytes[10m])",
        "scalar(sum(node_memory_working_set_bytes))",
        "container_cpu_usage_seconds_total[10s]"
      })
  void instantQueryPrintsWhatTheApiAnswers(String expr) throws Exception {
    Run run = promtool("query", "instant", "-o", "json", "--time=" + seconds(time), server, expr);

    PromAnswer printed = PromAnswer.ofResult(PromAnswer.MAPPER.readTree(run.stdout()));
    PromAnswer answered = PromAnswer.ofApiBody(tidemarkQuery(expr, time));
    assertThat(answered.points()).as("points answered for %s", expr).isPositive();
    assertThat(printed.differences(answered, 0, 20)).as(expr).isEmpty();
    assertThat(List.copyOf(printed.series().keySet()))
        .as("order of the series")
        .isEqualTo(List.copyOf(answered.series().keySet()));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "container_memory_working_set_bytes",
        "node_cpu_usage_seconds_total{node=\"sim-node-001\"}",
        "rate(container_cpu_usage_seconds_total[1m])",
        "sum by (namespace) (rate(container_cpu_usage_seconds_total[1m]))",
        "max_over_time(container_memory_working_set_bytes[10m])",
        "scalar(sum(node_memory_working_set_bytes))"
      })
  void rangeQueryPrintsWhatTheApiAnswers(String expr) throws Exception {
    long start = time - RANGE.toMillis();
    Run run =
        promtool(
            "query",
            "range",
            "-o",
            "json",
            "--start=" + seconds(start),
            "--end=" + seconds(time),
            "--step=1s",
            server,
            expr);

    PromAnswer printed = PromAnswer.ofResult(PromAnswer.MAPPER.readTree(run.stdout()));
    PromAnswer answered = PromAnswer.ofApiBody(tidemarkRange(expr, start, time, 1));
    assertThat(answered.points())
        .as("points answered for %s", expr)
        .isGreaterThan((int) RANGE.toSeconds());
    assertThat(answered.times().first()).isEqualTo(start);
    assertThat(printed.differences(answered, 0, 20)).as(expr).isEmpty();
    assertThat(List.copyOf(printed.series().keySet()))
        .as("order of the series")
        .isEqualTo(List.copyOf(answered.series().keySet()));
  }

  /** promtool's own text output, {@code name{l="v", ...} => value @[time]}, reads the same. */
  @Test
  void instantQueryInPromqlFormatPrintsEverySample() throws Exception {
    String expr = "container_memory_working_set_bytes{node=\"sim-node-002\"}";
    Run run = promtool("query", "instant", "--time=" + seconds(time), server, expr);

    PromAnswer printed = parsePromqlFormat(run.stdout());
    PromAnswer answered = PromAnswer.ofApiBody(tidemarkQuery(expr, time));
    assertThat(answered.series()).isNotEmpty();
    assertThat(printed.differences(answered, 0, 20)).isEmpty();
  }

  @Test
  void rangeQueryInPromqlFormatPrintsEveryPoint() throws Exception {
    String expr = "sum by (namespace) (rate(container_cpu_usage_seconds_total[30s]))";
    long start = time - RANGE.toMillis();
    Run run =
        promtool(
            "query",
            "range",
            "--start=" + seconds(start),
            "--end=" + seconds(time),
            "--step=5s",
            server,
            expr);

    PromAnswer printed = parsePromqlFormat(run.stdout());
    PromAnswer answered = PromAnswer.ofApiBody(tidemarkRange(expr, start, time, 5));
    assertThat(answered.points()).isPositive();
    assertThat(printed.differences(answered, 0, 20)).isEmpty();
  }

  @Test
  void seriesQueryListsTheSeriesTheApiLists() throws Exception {
    String match = "container_cpu_usage_seconds_total{node=\"sim-node-000\"}";
    Run run =
        promtool(
            "query",
            "series",
            "-o",
            "json",
            "--match=" + match,
            "--start=" + seconds(time - RANGE.toMillis()),
            "--end=" + seconds(time),
            server);

    TreeSet<String> printed = new TreeSet<>();
    PromAnswer.MAPPER.readTree(run.stdout()).forEach(s -> printed.add(s.toString()));
    TreeSet<String> listed = new TreeSet<>();
    tidemarkGet(
            "/api/v1/series?match[]="
                + encode(match)
                + "&start="
                + seconds(time - RANGE.toMillis())
                + "&end="
                + seconds(time))
        .path("data")
        .forEach(s -> listed.add(s.toString()));
    assertThat(listed).isNotEmpty();
    assertThat(printed).isEqualTo(listed);
  }

  @Test
  void labelsQueryListsTheValuesTheApiLists() throws Exception {
    Run run = promtool("query", "labels", "-o", "json", server, "namespace");

    List<String> printed = new ArrayList<>();
    PromAnswer.MAPPER.readTree(run.stdout()).forEach(v -> printed.add(v.textValue()));
    List<String> listed = new ArrayList<>();
    tidemarkGet("/api/v1/label/namespace/values")
        .path("data")
        .forEach(v -> listed.add(v.textValue()));
    assertThat(listed).isNotEmpty();
    assertThat(printed).isEqualTo(listed);
  }

  /** A query Tidemark refuses reaches promtool's user with Tidemark's message, and exit 1. */
  @Test
  void refusedQueryFailsWithTheApisMessage() throws Exception {
    String expr = "rate(container_cpu_usage_seconds_total)";
    Run run = promtoolFailing("query", "instant", "--time=" + seconds(time), server, expr);

    JsonNode error = PromAnswer.MAPPER.readTree(tidemarkQueryRaw(expr, time));
    assertThat(error.path("errorType").asText()).isEqualTo("bad_data");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stderr()).contains("bad_data").contains(error.path("error").asText());
  }

  /** What one promtool run printed. */
  private record Run(int exitCode, String stdout, String stderr) {}

  /** Runs promtool and asserts it exited 0. */
  private static Run promtool(String... args) throws Exception {
    Run run = promtoolFailing(args);
    assertThat(run.exitCode())
        .as("promtool %s failed: %s", String.join(" ", args), run.stderr())
        .isZero();
    return run;
  }

  private static Run promtoolFailing(String... args) throws IOException, InterruptedException {
    Path out = dir.resolve("promtool-" + RUNS.incrementAndGet() + ".out");
    Path err = dir.resolve("promtool-" + RUNS.get() + ".err");
    List<String> command = new ArrayList<>();
    command.add(promtool.toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    for (String proxy : List.of("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy")) {
      builder.environment().remove(proxy);
    }
    builder.redirectOutput(out.toFile()).redirectError(err.toFile());
    Process process = builder.start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("promtool " + String.join(" ", args) + " took over 60 s");
    }
    return new Run(
        process.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  /**
   * Reads promtool's {@code promql} output: a vector is one {@code metric => value @[time]} line
   * per element, a matrix a {@code metric =>} line per series followed by its {@code value @[time]}
   * lines.
   */
  static PromAnswer parsePromqlFormat(String text) {
    Pattern sample = Pattern.compile("(.*) => (\\S+) @\\[([0-9.]+)]");
    Pattern point = Pattern.compile("(\\S+) @\\[([0-9.]+)]");
    Map<Map<String, String>, NavigableMap<Long, Double>> series = new LinkedHashMap<>();
    NavigableMap<Long, Double> current = null;
    for (String line : text.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      Matcher m = sample.matcher(line);
      if (m.matches()) {
        NavigableMap<Long, Double> points = new TreeMap<>();
        points.put(millis(m.group(3)), PromAnswer.parseValue(m.group(2)));
        series.put(parseMetric(m.group(1)), points);
        current = null;
      } else if (line.endsWith(" =>")) {
        current = new TreeMap<>();
        series.put(parseMetric(line.substring(0, line.length() - 3)), current);
      } else {
        Matcher p = point.matcher(line);
        assertThat(p.matches() && current != null).as("a point line: %s", line).isTrue();
        current.put(millis(p.group(2)), PromAnswer.parseValue(p.group(1)));
      }
    }
    return new PromAnswer(series);
  }

  /** {@code name{a="x", b="y"}} as printed by Go's {@code model.Metric.String()}. */
  private static Map<String, String> parseMetric(String text) {
    Map<String, String> labels = new TreeMap<>();
    int brace = text.indexOf('{');
    if (brace > 0) {
      labels.put("__name__", text.substring(0, brace));
    }
    Matcher m = Pattern.compile("(\\w+)=\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(text);
    while (m.find()) {
      labels.put(m.group(1), m.group(2).replace("\\\"", "\"").replace("\\\\", "\\"));
    }
    return labels;
  }

  private static long millis(String seconds) {
    return new BigDecimal(seconds).movePointRight(3).longValueExact();
  }

  /** Milliseconds as unix seconds with three decimals. */
  private static String seconds(long millis) {
    return BigDecimal.valueOf(millis, 3).toPlainString();
  }

  private static String tidemarkQuery(String expr, long time) throws Exception {
    String body = tidemarkQueryRaw(expr, time);
    assertThat(PromAnswer.MAPPER.readTree(body).path("status").asText())
        .as(body)
        .isEqualTo("success");
    return body;
  }

  private static String tidemarkQueryRaw(String expr, long time) throws Exception {
    return send("/api/v1/query?query=" + encode(expr) + "&time=" + seconds(time)).body();
  }

  private static String tidemarkRange(String expr, long start, long end, int step)
      throws Exception {
    HttpResponse<String> response =
        send(
            "/api/v1/query_range?query="
                + encode(expr)
                + "&start="
                + seconds(start)
                + "&end="
                + seconds(end)
                + "&step="
                + step);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return response.body();
  }

  private static JsonNode tidemarkGet(String pathAndQuery) throws Exception {
    HttpResponse<String> response = send(pathAndQuery);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return PromAnswer.MAPPER.readTree(response.body());
  }

  private static HttpResponse<String> send(String pathAndQuery) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(server + pathAndQuery)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
