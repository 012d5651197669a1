package io.tidemark.tools;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * VictoriaMetrics single-node in the side-by-side, scraping with its built-in {@code promscrape}
 * from the same {@code prometheus.yml} as Prometheus. Samples are its {@code
 * vm_rows_added_to_storage_total}; its disk figure is its data directory once scraping has been
 * stopped, after {@code /internal/force_flush} and {@code /internal/force_merge}, once no merge is
 * running.
 *
 * <p>Two query flags differ from the defaults, so its query latencies measure the same work as the
 * others': {@code -search.disableCache} (its rollup result cache would answer repeated queries from
 * memory; neither Prometheus nor Tidemark caches results) and {@code -search.latencyOffset=0s} (by
 * default it hides the last 30 s of samples from queries, which would change what the last steps
 * compute).
 *
 * <p>Thread safety: safe from any thread; {@link #measureDiskAndStop()} is called once.
 */
final class VictoriaMetricsSystem extends PeerSystem {

  private static final Kind KIND =
      new Kind(
          "victoriametrics",
          (config, data, port) ->
              List.of(
                  "-promscrape.config=" + config,
                  "-storageDataPath=" + data,
                  "-httpListenAddr=127.0.0.1:" + port,
                  "-retentionPeriod=31d",
                  "-search.disableCache",
                  "-search.latencyOffset=0s"),
          "/health",
          "-version",
          "victoria-metrics",
          "vm_rows_added_to_storage_total",
          "vm_rows_added_to_storage_total of its /metrics");

  /** Starts VictoriaMetrics for {@code setup} and waits until it is ready. */
  VictoriaMetricsSystem(Setup setup) throws IOException, InterruptedException {
    super(KIND, setup);
  }

  @Override
  public Disk measureDiskAndStop() throws IOException, InterruptedException {
    // Stop scraping first (an empty configuration, reloaded on SIGHUP), so that the flush and
    // merge can finish and the samples counted are exactly those on disk. Removing the targets
    // makes it write a staleness marker for each of their series: those are stored, and counted.
    Files.writeString(config(), "scrape_configs: []\n");
    process().child().signal("HUP");
    long stopScrapingMillis = awaitQuiet(Duration.ofMinutes(5), false);
    get("/internal/force_flush", Duration.ofMinutes(5));
    get("/internal/force_merge", Duration.ofMinutes(5));
    long mergeMillis = awaitQuiet(Duration.ofMinutes(30), true);
    long samples = samplesIngested();
    long bytes = Dirs.size(data());
    Map<String, Long> breakdown = Dirs.sizeByEntry(data());
    int exit = stop();
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("stopScrapingMillis", stopScrapingMillis);
    extra.put("mergeWaitMillis", mergeMillis);
    extra.put("bytesAfterStop", Dirs.size(data()));
    return new Disk(
        bytes,
        samples,
        "data directory (-storageDataPath) while running, after scraping was stopped (empty"
            + " scrape_configs, SIGHUP), /internal/force_flush, /internal/force_merge, and no merge"
            + " running for three seconds (vm_active_merges 0, directory size unchanged)",
        bytes,
        "the same: after a forced merge it is in its most compact state",
        breakdown,
        exit,
        process().child().killed(),
        extra);
  }

  /**
   * Waits until three polls a second apart see the same row count and, with {@code merges}, no
   * merge running ({@code vm_active_merges} of every type 0) and the same data directory size;
   * returns the milliseconds waited.
   */
  private long awaitQuiet(Duration timeout, boolean merges)
      throws IOException, InterruptedException {
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    int quiet = 0;
    String last = null;
    Thread.sleep(1000); // a reload or a forced merge starts in the background
    while (quiet < 3) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "VictoriaMetrics was still "
                + (merges ? "merging" : "ingesting")
                + " after "
                + timeout.toMinutes()
                + " minutes");
      }
      String body = metrics();
      double activeMerges = PromText.sum(body, "vm_active_merges").orElse(0);
      String state = samplesIn(body) + (merges ? " " + Dirs.size(data()) + " " + activeMerges : "");
      boolean idle = !merges || activeMerges == 0;
      quiet = idle && state.equals(last) ? quiet + 1 : 0;
      last = state;
      Thread.sleep(1000);
    }
    return (System.nanoTime() - start) / 1_000_000;
  }
}
