package io.tidemark.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidemark.collector.summary.SummaryParseException;
import io.tidemark.collector.summary.SummaryParser;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * {@code /stats/summary} parsing: Tidemark's streaming parser against Jackson's tree model ({@code
 * ObjectMapper.readTree}, then reading the same figures), on the same payloads.
 *
 * <p>Payloads: {@code k8s-1.35} is the shared fixture of a Kubernetes 1.35 node (17 pods, 93 KB);
 * {@code sim-110} is a simulated node at the kubelet's default pod limit (110 pods).
 *
 * <p>Results: see {@code benchmarks/README.md}, which records the latest run, its machine and the
 * command.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SummaryParseBenchmark {

  /** Which payload to parse. */
  @Param({"k8s-1.35", "sim-110"})
  public String payload;

  private byte[] bytes;
  private final SummaryParser parser = new SummaryParser();
  private final ObjectMapper mapper = new ObjectMapper();

  /** Loads the payload once. */
  @Setup
  public void load() {
    bytes =
        switch (payload) {
          case "k8s-1.35" ->
              Payloads.fixture(
                  "kubelet/stats-summary/newrelic-nri-kubernetes-k8s-1.35.0-containerd.json");
          case "sim-110" -> Payloads.simulatedSummary(110);
          default -> throw new IllegalArgumentException("unknown payload " + payload);
        };
  }

  /** Tidemark's streaming parser; returns the number of samples. */
  @Benchmark
  public int streaming(Blackhole hole) throws SummaryParseException {
    return parser.parse(
        bytes,
        "node",
        (series, ts, value) -> {
          hole.consume(series);
          hole.consume(ts);
          hole.consume(value);
        });
  }

  /** The baseline: Jackson's tree model, reading the same figures. */
  @Benchmark
  public int jacksonTree(Blackhole hole) throws IOException {
    JsonNode root = mapper.readTree(bytes);
    int count = 0;
    JsonNode node = root.path("node");
    count += figure(hole, node.path("cpu"), "usageCoreNanoSeconds");
    count += figure(hole, node.path("memory"), "workingSetBytes");
    for (JsonNode pod : root.path("pods")) {
      hole.consume(pod.path("podRef").path("name").asText());
      hole.consume(pod.path("podRef").path("namespace").asText());
      count += figure(hole, pod.path("cpu"), "usageCoreNanoSeconds");
      count += figure(hole, pod.path("memory"), "workingSetBytes");
      for (JsonNode container : pod.path("containers")) {
        hole.consume(container.path("name").asText());
        count += figure(hole, container.path("cpu"), "usageCoreNanoSeconds");
        count += figure(hole, container.path("memory"), "workingSetBytes");
      }
    }
    return count;
  }

  private static int figure(Blackhole hole, JsonNode stats, String field) {
    JsonNode value = stats.get(field);
    JsonNode time = stats.get("time");
    if (value == null || time == null) {
      return 0;
    }
    hole.consume(java.time.Instant.parse(time.asText()).toEpochMilli());
    hole.consume(value.asDouble());
    return 1;
  }
}
