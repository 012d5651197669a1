package io.tidemark.benchmarks;

import io.tidemark.collector.summary.SummaryParseException;
import io.tidemark.collector.summary.SummaryParser;
import io.tidemark.simulator.KubeletSimulator;
import io.tidemark.simulator.SimulatorSpec;
import io.tidemark.storage.AppendResult;
import io.tidemark.storage.Durability;
import io.tidemark.storage.SeriesSample;
import io.tidemark.storage.rocksdb.RocksDbStore;
import io.tidemark.testkit.ManualClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * End-to-end ingest of one scrape: a simulated node's {@code /stats/summary} (30 pods) parsed and
 * appended to a RocksDB store in a temporary directory, one append per scrape as the collector
 * does. Fifty consecutive payloads of the node are rendered up front and replayed with their
 * timestamps shifted forward on every pass, so every sample is new to the store. Samples per second
 * is the operations per second times {@link #samplesPerScrape}.
 *
 * <p>Latest result (2026-11-22, 2 cores of an Intel Xeon @ 2.30 GHz, OpenJDK 17.0.15, {@code -wi 2
 * -w 2 -i 3 -r 3 -f 1}): 658 ± 72 scrapes/s of 2,391 samples, 1.57 M samples/s per core, on the
 * store's format 2 (head, journal, chunks). The latest figures are in {@code docs/benchmarks.md}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class IngestBenchmark {

  private static final int PAYLOADS = 50;

  private final SummaryParser parser = new SummaryParser();
  private final List<byte[]> payloads = new ArrayList<>();
  private Path directory;
  private RocksDbStore store;
  private int next;
  private long shift;

  /** Samples in one scrape, for the report. */
  public int samplesPerScrape;

  /** Renders the payloads once. */
  @Setup(Level.Trial)
  public void render() throws Exception {
    ManualClock clock = new ManualClock(Instant.parse("2026-11-01T00:00:00Z"));
    try (KubeletSimulator simulator =
        KubeletSimulator.start(new SimulatorSpec(1, 30, 42, Duration.ofSeconds(10)), clock, 0)) {
      String node = simulator.nodeNames().get(0);
      for (int i = 0; i < PAYLOADS; i++) {
        clock.advance(Duration.ofSeconds(10));
        payloads.add(simulator.summary(node));
      }
    }
    samplesPerScrape = parser.parse(payloads.get(0), "node", (k, t, v) -> {});
  }

  /** A fresh store for every iteration. */
  @Setup(Level.Iteration)
  public void open() throws IOException {
    directory = Files.createTempDirectory("tidemark-ingest-");
    store = RocksDbStore.open(directory, Durability.window(Duration.ofSeconds(1)));
    next = 0;
    shift = 0;
  }

  /** Closes and deletes the store. */
  @TearDown(Level.Iteration)
  public void close() throws IOException {
    store.close();
    TempDirs.delete(directory);
  }

  /** One scrape: parse and append; returns the samples accepted. */
  @Benchmark
  public int scrape() throws SummaryParseException {
    byte[] payload = payloads.get(next);
    long offset = shift;
    if (++next == PAYLOADS) {
      next = 0;
      shift += PAYLOADS * 10_000L;
    }
    List<SeriesSample> batch = new ArrayList<>(samplesPerScrape + 8);
    parser.parse(
        payload,
        "node",
        (series, ts, value) -> batch.add(new SeriesSample(series, ts + offset, value)));
    AppendResult result = store.append(batch);
    return result.accepted();
  }
}
