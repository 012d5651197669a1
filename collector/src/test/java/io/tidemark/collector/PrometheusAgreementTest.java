package io.tidemark.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dropwizard.testing.DropwizardTestSupport;
import io.tidemark.config.ScrapeEndpoint;
import io.tidemark.config.TidemarkConfiguration;
import io.tidemark.simulator.KubeletSimulator;
import io.tidemark.simulator.SimulatorSpec;
import io.tidemark.testkit.Binaries;
import io.tidemark.testkit.PromAnswer;
import io.tidemark.testkit.PrometheusProcess;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Tidemark and a real Prometheus (the binary found on {@code PATH}; Debian 12 ships 2.42) scrape
 * the same simulated kubelets' {@code /metrics/resource} side by side, then answer the same range
 * queries: at every step, the same series (Prometheus' {@code instance} and {@code job} labels
 * aside) with values equal within a relative {@value #TOLERANCE}. Skipped, saying so, where no
 * {@code prometheus} is on {@code PATH}.
 *
 * <p>How both end up holding the same samples:
 *
 * <ul>
 *   <li>The kubelet writes an explicit timestamp on every sample compared, and both keep it
 *       (Prometheus' {@code honor_timestamps}, on by default). A sample seen again at the next
 *       scrape has the same timestamp and is dropped by both.
 *   <li>The simulator changes its figures every {@value #PERIOD_SECONDS} s and both scrape every
 *       second, so each sees every update whatever its scrape phase.
 *   <li>Prometheus starts first. Once Tidemark has scraped, the samples Prometheus took of each
 *       node before Tidemark's first are deleted through its admin API, so both histories start at
 *       the same update. The end of the compared span is before the update being served when the
 *       queries run, which both have seen.
 *   <li>Before any query, {@link #bothStoreTheSameSamples} checks the raw samples are identical.
 * </ul>
 *
 * <p>Prometheus labels each node's series with {@code node} by its scrape configuration (one job
 * per node, the simulator serving every node under {@code /nodes/NAME}), as Tidemark does. {@code
 * container_start_time_seconds} is not scraped by Prometheus: its samples carry the containers'
 * start times, days old, which only make Prometheus compact needlessly.
 */
class PrometheusAgreementTest {

  private static final long PERIOD_SECONDS = 5;
  private static final Duration RUN = Duration.ofSeconds(100);
  private static final double TOLERANCE = 1e-9;
  private static final String RAW =
      "{__name__=~\"container_cpu_usage_seconds_total|container_memory_working_set_bytes"
          + "|node_.+|pod_.+\"}[10m]";

  @TempDir static Path dir;

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static Path binary;
  private static KubeletSimulator simulator;
  private static PrometheusProcess prometheus;
  private static DropwizardTestSupport<TidemarkConfiguration> tidemark;

  /** The compared span, in ms: the first common sample to before the update being served. */
  private static long start;

  private static long end;

  @BeforeAll
  static void scrapeSideBySide() throws Exception {
    Optional<Path> found = Binaries.onPath("prometheus");
    if (found.isEmpty()) {
      return; // every test reports itself skipped, see requirePrometheus
    }
    binary = found.get();
    simulator =
        KubeletSimulator.start(
            new SimulatorSpec(3, 10, 42, Duration.ofSeconds(PERIOD_SECONDS)), Clock.systemUTC(), 0);
    prometheus = PrometheusProcess.start(binary, dir.resolve("prometheus"), prometheusConfig());
    // Two updates in Prometheus before Tidemark starts: its history starts earlier, always.
    awaitEveryNode("prometheus", () -> prometheusQuery(dataPerNode(2)));

    TidemarkConfiguration config =
        TidemarkApplicationTest.configuration(simulator, dir.resolve("tidemark"));
    config.getScrape().setEndpoints(EnumSet.of(ScrapeEndpoint.RESOURCE));
    tidemark = new DropwizardTestSupport<>(TidemarkApplication.class, config);
    tidemark.before();
    awaitEveryNode("tidemark", () -> tidemarkQuery(dataPerNode(1)));

    // Real time is what the samples are made of: nothing to do but let both scrape.
    Thread.sleep(RUN.toMillis());

    long periodMillis = PERIOD_SECONDS * 1000;
    long served = Math.floorDiv(System.currentTimeMillis(), periodMillis) * periodMillis;
    // The update being served has container stats times from two seconds before it on.
    end = served - 2_001;

    PromAnswer kept = tidemarkRaw();
    Map<String, Long> firstPerNode = new TreeMap<>();
    kept.series()
        .forEach(
            (labels, points) ->
                firstPerNode.merge(labels.get("node"), points.firstKey(), Math::min));
    assertThat(firstPerNode.keySet()).containsExactlyElementsOf(simulator.nodeNames());
    PromAnswer earlier =
        PromAnswer.ofApiBody(prometheusQuery(instantPath(RAW, end)))
            .withoutLabels("instance", "job");
    for (Map.Entry<String, Long> node : firstPerNode.entrySet()) {
      long prometheusFirst =
          earlier.series().entrySet().stream()
              .filter(e -> e.getKey().get("node").equals(node.getKey()))
              .mapToLong(e -> e.getValue().firstKey())
              .min()
              .orElseThrow();
      assertThat(prometheusFirst).as("Prometheus' first sample").isLessThan(node.getValue());
      prometheus.deleteSeries("{node=\"" + node.getKey() + "\"}", node.getValue() - 1);
    }
    start = firstPerNode.values().stream().min(Long::compare).orElseThrow();
    System.out.printf(
        "PrometheusAgreementTest: compared span %d ms to %d ms (%d s)%n",
        start, end, (end - start) / 1000);
  }

  /** One job per node: the simulator serves each node's endpoints under its own path. */
  private static String prometheusConfig() {
    StringBuilder yaml =
        new StringBuilder(
            """
            global:
              scrape_interval: 1s
              scrape_timeout: 900ms
              evaluation_interval: 1m
            scrape_configs:
            """);
    for (String node : simulator.nodeNames()) {
      yaml.append(
          """
            - job_name: %s
              honor_timestamps: true
              metrics_path: /nodes/%s/metrics/resource
              static_configs:
                - targets: ['127.0.0.1:%d']
                  labels:
                    node: %s
              metric_relabel_configs:
                - source_labels: [__name__]
                  regex: container_start_time_seconds
                  action: drop
          """
              .formatted(node, node, simulator.port(), node));
    }
    return yaml.toString();
  }

  /** The nodes with {@code updates} samples or more of some container. */
  private static String dataPerNode(int updates) {
    return "/api/v1/query?query="
        + encode(
            "count by (node) (count_over_time(container_cpu_usage_seconds_total[1m]) >= "
                + updates
                + ")")
        + "&time="
        + seconds(System.currentTimeMillis());
  }

  private static void awaitEveryNode(String who, Callable<String> query) {
    try {
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(500))
          .until(
              () ->
                  PromAnswer.ofApiBody(query.call()).series().size()
                      == simulator.nodeNames().size());
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(
          who
              + " did not scrape every node within a minute; prometheus log:\n"
              + prometheus.logTail(),
          e);
    }
  }

  @BeforeEach
  void requirePrometheus() {
    assumeTrue(binary != null, "no prometheus on PATH: skipping the agreement test");
  }

  @AfterAll
  static void stop() {
    try {
      if (prometheus != null) {
        prometheus.close();
      }
    } finally {
      if (tidemark != null) {
        tidemark.after();
      }
      if (simulator != null) {
        simulator.close();
      }
    }
  }

  @Test
  void bothStoreTheSameSamples() throws Exception {
    PromAnswer tidemarkSamples = tidemarkRaw();
    PromAnswer prometheusSamples =
        PromAnswer.ofApiBody(prometheusQuery(instantPath(RAW, end)))
            .withoutLabels("instance", "job");

    assertThat(tidemarkSamples.series()).hasSizeGreaterThan(simulator.nodeNames().size() * 10);
    assertThat(prometheusSamples.differences(tidemarkSamples, 0, 20)).isEmpty();
    System.out.printf(
        "PrometheusAgreementTest: %d raw samples of %d series identical%n",
        tidemarkSamples.points(), tidemarkSamples.series().size());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "rate(container_cpu_usage_seconds_total[1m])",
        "max_over_time(container_memory_working_set_bytes[10m])",
        "sum by (namespace) (rate(container_cpu_usage_seconds_total[1m]))",
        "rate(container_cpu_usage_seconds_total[30s])",
        "max_over_time(container_memory_working_set_bytes[1m])",
        "container_memory_working_set_bytes",
        "irate(node_cpu_usage_seconds_total[1m])",
        "increase(pod_cpu_usage_seconds_total[1m])",
        "avg_over_time(pod_memory_working_set_bytes[2m])",
        "deriv(container_memory_working_set_bytes[1m])",
        "quantile by (node) (0.9, rate(container_cpu_usage_seconds_total[1m]))",
        "sum by (node) (container_memory_working_set_bytes)"
            + " / on (node) node_memory_working_set_bytes"
      })
  void rangeQueryAgrees(String expr) throws Exception {
    String path = rangePath(expr);
    PromAnswer expected =
        PromAnswer.ofApiBody(prometheusQuery(path)).withoutLabels("instance", "job");
    PromAnswer actual = PromAnswer.ofApiBody(tidemarkQuery(path));

    assertThat(expected.times()).as("steps Prometheus answered").hasSizeGreaterThan(30);
    for (long step : expected.times()) {
      assertThat(actual.seriesAt(step)).as("series at %d", step).isEqualTo(expected.seriesAt(step));
    }
    assertThat(expected.differences(actual, TOLERANCE, 20)).as(expr).isEmpty();
    System.out.printf(
        "PrometheusAgreementTest: %s: %d points at %d steps agree, %d of them bit for bit%n",
        expr, expected.points(), expected.times().size(), identical(expected, actual));
  }

  private static long identical(PromAnswer expected, PromAnswer actual) {
    long same = 0;
    for (Map.Entry<Map<String, String>, NavigableMap<Long, Double>> series :
        expected.series().entrySet()) {
      NavigableMap<Long, Double> other = actual.series().get(series.getKey());
      for (Map.Entry<Long, Double> point : series.getValue().entrySet()) {
        if (Double.doubleToLongBits(point.getValue())
            == Double.doubleToLongBits(other.get(point.getKey()))) {
          same++;
        }
      }
    }
    return same;
  }

  private static PromAnswer tidemarkRaw() throws Exception {
    return PromAnswer.ofApiBody(tidemarkQuery(instantPath(RAW, end)));
  }

  private static String instantPath(String expr, long time) {
    return "/api/v1/query?query=" + encode(expr) + "&time=" + seconds(time);
  }

  private static String rangePath(String expr) {
    return "/api/v1/query_range?query="
        + encode(expr)
        + "&start="
        + seconds(start)
        + "&end="
        + seconds(end)
        + "&step=1";
  }

  private static String prometheusQuery(String pathAndQuery) throws Exception {
    return prometheus.get(pathAndQuery);
  }

  private static String tidemarkQuery(String pathAndQuery) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + tidemark.getLocalPort() + pathAndQuery))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return response.body();
  }

  private static String seconds(long millis) {
    return BigDecimal.valueOf(millis, 3).toPlainString();
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
