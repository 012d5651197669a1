package io.tidemark.benchmarks;

import io.tidemark.collector.promtext.PromTextParseException;
import io.tidemark.collector.promtext.PromTextParser;
import io.tidemark.query.series.SeriesNames;
import io.tidemark.simulator.KubeletSimulator;
import io.tidemark.simulator.SimulatorSpec;
import io.tidemark.storage.Durability;
import io.tidemark.storage.Labels;
import io.tidemark.storage.SeriesKey;
import io.tidemark.storage.SeriesSample;
import io.tidemark.storage.StoreOptions;
import io.tidemark.storage.StoreStats;
import io.tidemark.storage.chunk.Chunk;
import io.tidemark.storage.rocksdb.RocksDbStore;
import io.tidemark.testkit.ManualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The compression run: a simulated fleet's {@code /metrics/resource} (the simulator's noisy values,
 * millisecond stats times that differ per cgroup) ingested as fast as possible over simulated time
 * into a fresh store, which is then fully compacted and measured.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.tidemark.benchmarks.CompressionRun \
 *     [nodes=1000] [pods=30] [hours=24] [interval=15] [dir=a new temp dir] [seed=42]
 * </pre>
 *
 * <p>Reports samples, bytes on disk per sample after compaction (whole store, raw chunks, index,
 * rollups), and how the chunk bytes split between timestamps and values (timestamps measured by
 * re-encoding every chunk with constant values).
 */
public final class CompressionRun {

  private CompressionRun() {}

  /** Runs the measurement; arguments as {@code name=value}. */
  public static void main(String[] args) throws Exception {
    Map<String, String> a = new java.util.HashMap<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      a.put(arg.substring(0, eq), arg.substring(eq + 1));
    }
    int nodes = Integer.parseInt(a.getOrDefault("nodes", "1000"));
    int pods = Integer.parseInt(a.getOrDefault("pods", "30"));
    double hours = Double.parseDouble(a.getOrDefault("hours", "24"));
    int interval = Integer.parseInt(a.getOrDefault("interval", "15"));
    long seed = Long.parseLong(a.getOrDefault("seed", "42"));
    Path dir =
        a.containsKey("dir")
            ? Path.of(a.get("dir"))
            : Files.createTempDirectory("tidemark-compression-");
    long rounds = (long) (hours * 3600 / interval);

    ManualClock clock = new ManualClock(Instant.parse("2026-11-01T00:00:00Z"));
    long started = System.nanoTime();
    ExecutorService renderer = Executors.newSingleThreadExecutor();
    try (KubeletSimulator simulator =
            KubeletSimulator.start(
                new SimulatorSpec(nodes, pods, seed, Duration.ofSeconds(interval)), clock, 0);
        RocksDbStore store =
            RocksDbStore.open(
                dir,
                StoreOptions.DEFAULT
                    .withDurability(Durability.window(Duration.ofSeconds(1)))
                    .withClock(clock))) {
      List<String> names = simulator.nodeNames();
      long nextMaintenance = clock.millis() + 3_600_000L;
      CompletableFuture<List<List<SeriesSample>>> next =
          CompletableFuture.supplyAsync(() -> round(simulator, clock, interval, names), renderer);
      for (long r = 0; r < rounds; r++) {
        List<List<SeriesSample>> batches = next.join();
        if (r + 1 < rounds) {
          next =
              CompletableFuture.supplyAsync(
                  () -> round(simulator, clock, interval, names), renderer);
        }
        for (List<SeriesSample> batch : batches) {
          store.append(batch);
        }
        if (clock.millis() >= nextMaintenance) {
          store.maintain();
          nextMaintenance += 3_600_000L;
        }
        if (r % Math.max(1, rounds / 20) == 0) {
          StoreStats s = store.stats();
          System.out.printf(
              "round %d/%d  samples %,d  series %,d  %.0f s%n",
              r, rounds, s.samplesIngested(), s.series(), (System.nanoTime() - started) / 1e9);
        }
      }
      double ingestSeconds = (System.nanoTime() - started) / 1e9;
      store.compact();
      report(store, ingestSeconds, nodes, pods, hours, interval, seed, dir);
    } finally {
      renderer.shutdownNow();
    }
  }

  /** Advances the clock one interval and renders and parses every node's payload. */
  private static List<List<SeriesSample>> round(
      KubeletSimulator simulator, ManualClock clock, int interval, List<String> names) {
    clock.advance(Duration.ofSeconds(interval));
    PromTextParser parser = PARSER.get();
    List<List<SeriesSample>> out = new ArrayList<>(names.size());
    for (String node : names) {
      List<SeriesSample> batch = new ArrayList<>(256);
      try {
        parser.parse(
            simulator.resource(node),
            (metric, type, labelNames, labelValues, count, value, ts) -> {
              Labels.Builder labels = Labels.builder(count + 1);
              for (int i = 0; i < count; i++) {
                labels.put(labelNames[i], labelValues[i]);
              }
              labels.put(SeriesNames.NODE_LABEL, node);
              batch.add(new SeriesSample(new SeriesKey(metric, labels.build()), ts, value));
            });
      } catch (PromTextParseException e) {
        throw new IllegalStateException(e);
      }
      out.add(batch);
    }
    return out;
  }

  private static final ThreadLocal<PromTextParser> PARSER =
      ThreadLocal.withInitial(PromTextParser::new);

  private static void report(
      RocksDbStore store,
      double ingestSeconds,
      int nodes,
      int pods,
      double hours,
      int interval,
      long seed,
      Path dir) {
    StoreStats stats = store.stats();
    Map<String, Long> families = store.familyBytes();
    long[] chunkTotals = new long[3]; // chunks, bytes, timestamp-only bytes
    long[] samples = new long[1];
    store.forEachChunk(
        (series, chunk) -> {
          chunkTotals[0]++;
          chunkTotals[1] += chunk.size();
          samples[0] += chunk.count();
          long[] ts = new long[chunk.count()];
          double[] zeros = new double[chunk.count()];
          for (int i = 0; i < ts.length; i++) {
            ts[i] = chunk.timestamp(i);
          }
          chunkTotals[2] += Chunk.encode(ts, zeros, ts.length).size();
        });
    long n = stats.samplesIngested();
    long index =
        families.getOrDefault("series", 0L)
            + families.getOrDefault("series_by_id", 0L)
            + families.getOrDefault("state", 0L);
    long raw = families.getOrDefault("chunks", 0L);
    long rollups =
        families.entrySet().stream()
            .filter(e -> e.getKey().startsWith("rollup_"))
            .mapToLong(Map.Entry::getValue)
            .sum();
    System.out.printf(
        "%nfleet: %d nodes x %d pods, %s h at %d s, seed %d, /metrics/resource%n",
        nodes, pods, hours, interval, seed);
    System.out.printf(
        "ingested %,d samples of %,d series in %.0f s (%.2f M samples/s, render+parse+append)%n",
        n, stats.series(), ingestSeconds, n / ingestSeconds / 1e6);
    System.out.printf("store after full compaction: %s%n", dir);
    System.out.printf(
        "  whole directory      %,15d bytes  %.3f bytes/sample%n",
        stats.bytesOnDisk(), (double) stats.bytesOnDisk() / n);
    System.out.printf(
        "  raw chunks (SST)     %,15d bytes  %.3f bytes/sample%n", raw, (double) raw / n);
    System.out.printf(
        "  index (series, ids)  %,15d bytes  %.3f bytes/sample%n", index, (double) index / n);
    System.out.printf(
        "  rollups (all tiers)  %,15d bytes  %.3f bytes/sample%n", rollups, (double) rollups / n);
    System.out.printf("  per family: %s%n", families);
    long chunkBytes = chunkTotals[1];
    long header = chunkTotals[0] * 12; // magic, version, encoding, count, exponents, CRC
    long tsBytes = chunkTotals[2] - header - samples[0] / 8; // minus the constant-value bits
    System.out.printf(
        "chunk values: %,d chunks, %,d samples, %.3f bytes/sample encoded "
            + "(timestamps ~%.3f, values ~%.3f, headers and checksums ~%.3f)%n",
        chunkTotals[0],
        samples[0],
        (double) chunkBytes / samples[0],
        (double) tsBytes / samples[0],
        (double) (chunkBytes - tsBytes - header) / samples[0],
        (double) header / samples[0]);
  }
}
