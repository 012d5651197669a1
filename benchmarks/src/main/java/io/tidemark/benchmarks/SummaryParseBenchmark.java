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
 * <p>Latest result (2026-11-22, 2 cores of an Intel Xeon @ 2.30 GHz, OpenJDK 17.0.15, {@code -wi 3
 * -w 2 -i 5 -r 2 -f 1}), parses per second:
 *
 * <pre>
 * payload    streaming  jacksonTree  tokensOnly
 * k8s-1.35       3,689        2,658       8,490
 * sim-110          684          373       1,390
 * </pre>
 *
 * <p>More in {@code benchmarks/README.md}.
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

  /**
   * The floor: Jackson's streaming tokenizer alone, every token read and nothing done with it. No
   * parser built on Jackson streaming can beat this; it shows how much of each figure is
   * tokenizing.
   */
  @Benchmark
  public int tokensOnly() throws IOException {
    int tokens = 0;
    try (var parser = mapper.getFactory().createParser(bytes)) {
      while (parser.nextToken() != null) {
        tokens++;
      }
    }
    return tokens;
  }

  /**
   * The baseline: Jackson's tree model ({@code readTree}), then a visit of every value, parsing
   * every {@code time}. This is a lower bound on any tree-based mapper, which must do at least this
   * much before naming a single series; returns the number of numeric values.
   */
  @Benchmark
  public int jacksonTree(Blackhole hole) throws IOException {
    return visit(mapper.readTree(bytes), hole);
  }

  private static int visit(JsonNode node, Blackhole hole) {
    int numbers = 0;
    if (node.isObject()) {
      for (var field : node.properties()) {
        if (field.getKey().equals("time") && field.getValue().isTextual()) {
          hole.consume(java.time.Instant.parse(field.getValue().asText()).toEpochMilli());
        } else {
          numbers += visit(field.getValue(), hole);
        }
      }
    } else if (node.isArray()) {
      for (JsonNode element : node) {
        numbers += visit(element, hole);
      }
    } else if (node.isNumber()) {
      hole.consume(node.asDouble());
      numbers++;
    } else {
      hole.consume(node.asText());
    }
    return numbers;
  }
}
