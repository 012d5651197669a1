package io.tidemark.benchmarks;

import com.fasterxml.jackson.core.JsonToken;
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
 * <p>Latest result (2026-12-01, 2 cores of an Intel Xeon @ 2.30 GHz, OpenJDK 17.0.15, {@code -wi 3
 * -w 2 -i 5 -r 2 -f 3}), parses per second:
 *
 * <pre>
 * payload    streaming  firstScrape  jacksonTree  jacksonFloor  tokensOnly
 * k8s-1.35       5,057        2,962        2,915         7,337       8,535
 * sim-110          933          647          389         1,272       1,484
 * </pre>
 *
 * <p>That is 1.73x and 2.40x the tree model, where {@code jacksonFloor}, the least any Jackson
 * streaming parser of these samples does, is 2.52x and 3.27x.
 *
 * <p>The latest figures, with the machine and the command, are in {@code docs/benchmarks.md}.
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

  /**
   * Tidemark's streaming parser, as it runs at every scrape after a node's first: the node's series
   * keys are kept from the previous payload. Returns the number of samples.
   */
  @Benchmark
  public int streaming(Blackhole hole) throws SummaryParseException {
    return parser.parse(bytes, "node", (series, ts, value) -> consume(hole, series, ts, value));
  }

  /**
   * The same parser on a node's first payload: every series key is built. Returns the number of
   * samples.
   */
  @Benchmark
  public int streamingFirstScrape(Blackhole hole) throws SummaryParseException {
    return new SummaryParser()
        .parse(bytes, "node", (series, ts, value) -> consume(hole, series, ts, value));
  }

  private static void consume(Blackhole hole, Object series, long ts, double value) {
    hole.consume(series);
    hole.consume(ts);
    hole.consume(value);
  }

  /**
   * The least any Jackson streaming parser of these payloads must do: read every token, convert
   * every integer (the stored figures are integers; the unstored PSI averages are the only
   * fractions) and decode every {@code time} string, without parsing it or naming anything. It
   * bounds from above what a parser built on Jackson streaming can reach.
   */
  @Benchmark
  public double jacksonFloor() throws IOException {
    double sum = 0;
    try (var parser = mapper.getFactory().createParser(bytes)) {
      JsonToken token;
      while ((token = parser.nextToken()) != null) {
        if (token == JsonToken.VALUE_NUMBER_INT) {
          sum += parser.getDoubleValue();
        } else if (token == JsonToken.VALUE_STRING && "time".equals(parser.currentName())) {
          sum += parser.getTextCharacters()[parser.getTextOffset()];
        }
      }
    }
    return sum;
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
