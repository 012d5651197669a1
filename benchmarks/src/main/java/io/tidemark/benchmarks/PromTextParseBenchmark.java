package io.tidemark.benchmarks;

import io.tidemark.collector.promtext.PromTextParseException;
import io.tidemark.collector.promtext.PromTextParser;
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
 * Prometheus text parsing: Tidemark's byte parser on a kubelet's {@code /metrics/resource} (the
 * shared 70-pod payload, 283 samples) and {@code /metrics/cadvisor} (the shared Kubernetes 1.35
 * payload, 1.4 MB). Samples per second is the parses per second times {@link #samples}.
 *
 * <p>Latest result (2026-11-22, 2 cores of an Intel Xeon @ 2.30 GHz, OpenJDK 17.0.15, {@code -wi 3
 * -w 2 -i 5 -r 2 -f 1}):
 *
 * <pre>
 * payload            parses/s   samples/s   MB/s
 * resource-70pods      16,571      4.69 M    579
 * cadvisor-1.35           345      1.60 M    500
 * </pre>
 *
 * <p>The latest figures, with the machine and the command, are in {@code docs/benchmarks.md}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PromTextParseBenchmark {

  /** Which payload to parse. */
  @Param({"resource-70pods", "cadvisor-1.35"})
  public String payload;

  private byte[] bytes;

  /** Samples in one payload, for converting parses per second to samples per second. */
  public int samples;

  private final PromTextParser parser = new PromTextParser();

  /** Loads the payload once and counts its samples. */
  @Setup
  public void load() throws PromTextParseException {
    bytes =
        Payloads.fixture(
            switch (payload) {
              case "resource-70pods" ->
                  "kubelet/metrics-resource/kubernetes-sigs-metrics-server-k8s-1.21-kind-70pods.txt";
              case "cadvisor-1.35" ->
                  "kubelet/metrics-cadvisor/newrelic-nri-kubernetes-k8s-1.35.0-containerd.txt";
              default -> throw new IllegalArgumentException("unknown payload " + payload);
            });
    samples = parser.parse(bytes, (m, t, n, v, c, value, ts) -> {}).samples();
  }

  /** One payload through the parser; every sample's fields reach the blackhole. */
  @Benchmark
  public int parse(Blackhole hole) throws PromTextParseException {
    return parser
        .parse(
            bytes,
            (metric, type, names, values, count, value, ts) -> {
              hole.consume(metric);
              hole.consume(values[count > 0 ? count - 1 : 0]);
              hole.consume(value);
              hole.consume(ts);
            })
        .samples();
  }
}
