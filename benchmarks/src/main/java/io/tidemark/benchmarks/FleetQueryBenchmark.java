package io.tidemark.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidemark.query.api.ApiResponse;
import io.tidemark.query.api.QueryData;
import io.tidemark.query.promql.PromQlEngine;
import io.tidemark.query.promql.StoreSeriesSource;
import io.tidemark.query.promql.Value;
import io.tidemark.query.series.SeriesNames;
import io.tidemark.storage.Durability;
import io.tidemark.storage.SampleBatch;
import io.tidemark.storage.SeriesKey;
import io.tidemark.storage.StoreOptions;
import io.tidemark.storage.rocksdb.RocksDbStore;
import io.tidemark.testkit.ManualClock;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The fleet-wide PromQL queries of the side-by-side with Prometheus, answered as {@code
 * /api/v1/query_range} and {@code /api/v1/query} answer them: the engine over a RocksDB store, then
 * the JSON body written by Jackson to a byte sink that only counts.
 *
 * <p>Setup writes {@code minutes} minutes at 15 s of {@code nodes} nodes with {@code
 * containersPerNode} containers each (two containers a pod, forty namespaces), the labels of the
 * kubelet's {@code /metrics/resource} plus {@code node}: {@code container_cpu_usage_seconds_total}
 * (a counter at a log-uniform rate, reset by rare restarts) and {@code
 * container_memory_working_set_bytes} (a random walk in whole pages), each series' sample a few ms
 * apart from the others, into a RocksDB store in a temporary directory. The defaults make 8,000
 * series of each metric and 480,000 samples of each.
 *
 * <ul>
 *   <li>{@code rateRange}: {@code rate(container_cpu_usage_seconds_total[5m])} over the last 6
 *       minutes at step 15 s: 25 steps of every CPU series, a matrix of 200,000 points.
 *   <li>{@code maxOverTimeByNamespace}: the instant {@code max by (namespace)
 *       (max_over_time(container_memory_working_set_bytes[15m]))} at the end of the data.
 * </ul>
 *
 * <p>Each returns the bytes of the JSON body. Its JIT warm-up is slow: run it with {@code -wi 6}.
 *
 * <p>Latest result (2026-12-02, 2 cores of an Intel Xeon @ 2.30 GHz shared with other builds, load
 * average 3.5 to 6.3, OpenJDK 17.0.15, {@code -f 1 -wi 6 -w 2s -i 5 -r 2s -prof gc}, the defaults),
 * the two runs of each, "before" with the read path of 3ad58c1:
 *
 * <pre>
 * benchmark                before ms/op                after ms/op               allocated
 * rateRange                303.2 ± 69.7, 277.5 ± 110.2  98.9 ± 8.3, 128.6 ± 104.7  441 -> 54 MB
 * maxOverTimeByNamespace    37.4 ± 13.9,  34.4 ± 35.4   31.8 ± 19.6, 29.5 ± 6.6     51 -> 33 MB
 * </pre>
 *
 * <p>The figures and what changed are in {@code docs/benchmarks.md}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class FleetQueryBenchmark {

  static final String CPU = SeriesNames.CONTAINER_CPU_USAGE_SECONDS_TOTAL;
  static final String MEMORY = SeriesNames.CONTAINER_MEMORY_WORKING_SET_BYTES;
  static final long STEP = 15_000L;
  static final int NAMESPACES = 40;

  /** Nodes of the fleet. */
  @Param("250")
  public int nodes;

  /** Containers on each node. */
  @Param("32")
  public int containersPerNode;

  /** Minutes of samples written. */
  @Param("15")
  public int minutes;

  /** The first sample's tick. */
  final long start = Instant.parse("2026-11-30T12:00:00Z").toEpochMilli();

  private final ObjectMapper json = new ObjectMapper();
  private Path directory;
  private RocksDbStore store;
  private PromQlEngine engine;
  private long end;

  /** Samples written in setup. */
  public long samplesWritten;

  /** Fills the store. */
  @Setup(Level.Trial)
  public void fill() throws IOException {
    long began = System.nanoTime();
    directory = Files.createTempDirectory("tidemark-fleet-query-");
    ManualClock clock = new ManualClock(Instant.ofEpochMilli(start));
    store =
        RocksDbStore.open(
            directory,
            StoreOptions.DEFAULT
                .withDurability(Durability.window(Duration.ofSeconds(1)))
                .withClock(clock));
    int containers = nodes * containersPerNode;
    SeriesKey[] cpu = new SeriesKey[containers];
    SeriesKey[] memory = new SeriesKey[containers];
    double[] cores = new double[containers];
    double[] cpuSeconds = new double[containers];
    double[] bytes = new double[containers];
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < containers; i++) {
      int node = i / containersPerNode;
      int pod = i / 2;
      String namespace = String.format(Locale.ROOT, "ns-%02d", pod % NAMESPACES);
      String[] labels = {
        SeriesNames.CONTAINER_LABEL,
        i % 2 == 0 ? "app" : "sidecar",
        SeriesNames.NAMESPACE_LABEL,
        namespace,
        SeriesNames.POD_LABEL,
        String.format(Locale.ROOT, "pod-%05d", pod),
        SeriesNames.NODE_LABEL,
        String.format(Locale.ROOT, "node-%04d", node)
      };
      cpu[i] = SeriesKey.of(CPU, labels);
      memory[i] = SeriesKey.of(MEMORY, labels);
      // Log-uniform between 2 mCPU and 800 mCPU: most containers idle, a few busy.
      cores[i] = Math.exp(Math.log(0.002) + random.nextDouble() * Math.log(400));
      cpuSeconds[i] = Math.rint(cores[i] * (30 + random.nextInt(3600)) * 1e6) / 1e6;
      bytes[i] = (64L + random.nextInt(900)) << 20;
    }
    int ticks = minutes * 4;
    for (int tick = 0; tick < ticks; tick++) {
      long grid = start + tick * STEP;
      SampleBatch batch = new SampleBatch(containers * 2);
      for (int i = 0; i < containers; i++) {
        if (random.nextInt(20_000) == 0) {
          cpuSeconds[i] = 0; // a restart resets the counter
        }
        double burst = random.nextDouble() < 0.02 ? 3 + random.nextDouble() * 5 : 1;
        cpuSeconds[i] = Math.rint((cpuSeconds[i] + cores[i] * 15 * burst) * 1e6) / 1e6;
        bytes[i] = Math.max(4096, bytes[i] + (random.nextInt(257) - 128) * 4096.0);
        long ts = grid + (i % containersPerNode) * 3L + random.nextInt(40);
        batch.add(cpu[i], ts, cpuSeconds[i]);
        batch.add(memory[i], ts, bytes[i]);
      }
      clock.advance(Duration.ofMillis(grid + STEP - clock.millis()));
      samplesWritten += store.append(batch).accepted();
    }
    end = start + (ticks - 1) * STEP + 1_000;
    engine = new PromQlEngine(new StoreSeriesSource(store));
    System.out.printf(
        Locale.ROOT,
        "%nsetup: %,d samples of %,d containers over %d minutes written in %.1f s%n",
        samplesWritten,
        containers,
        minutes,
        (System.nanoTime() - began) / 1e9);
  }

  /** Closes and deletes the store. */
  @TearDown(Level.Trial)
  public void close() throws IOException {
    store.close();
    TempDirs.delete(directory);
  }

  static String rateQuery() {
    return "rate(" + CPU + "[5m])";
  }

  String maxQuery() {
    return "max by (namespace) (max_over_time(" + MEMORY + "[" + minutes + "m]))";
  }

  /** The range query's answer, as the engine gives it. */
  Value.Matrix rateMatrix() {
    return engine.rangeQuery(rateQuery(), end - 6 * 60_000L, end, STEP, null);
  }

  /** The instant query's answer, as the engine gives it. */
  Value maxVector() {
    return engine.instantQuery(maxQuery(), end, null);
  }

  /** Every CPU series' 5-minute rate over the last 6 minutes at step 15 s, as JSON. */
  @Benchmark
  public long rateRange() throws IOException {
    return write(rateMatrix());
  }

  /** Each namespace's peak working set over the whole run, as JSON. */
  @Benchmark
  public long maxOverTimeByNamespace() throws IOException {
    return write(maxVector());
  }

  private long write(Value value) throws IOException {
    CountingSink sink = new CountingSink();
    json.writeValue(sink, ApiResponse.success(QueryData.of(value)));
    return sink.count;
  }

  /** An output stream that keeps nothing but the count of bytes written. */
  private static final class CountingSink extends OutputStream {
    long count;

    @Override
    public void write(int b) {
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      count += len;
    }
  }
}
