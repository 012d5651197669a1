package io.tidemark.tools;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Prometheus in the side-by-side: the Debian package's server with default flags but for its
 * configuration, data directory and a loopback port. Samples are its {@code
 * prometheus_tsdb_head_samples_appended_total}; its disk figure is its data directory after SIGTERM
 * (the head's memory-mapped chunks and the WAL: a run shorter than the head's 2-hour block range
 * writes no block, and no compaction is forced).
 *
 * <p>Thread safety: safe from any thread.
 */
final class PrometheusSystem extends PeerSystem {

  private static final Kind KIND =
      new Kind(
          "prometheus",
          (config, data, port) ->
              List.of(
                  "--config.file=" + config,
                  "--storage.tsdb.path=" + data,
                  "--web.listen-address=127.0.0.1:" + port),
          "/-/ready",
          "--version",
          "prometheus",
          "prometheus_tsdb_head_samples_appended_total",
          "prometheus_tsdb_head_samples_appended_total (all types) of its /metrics");

  /** Starts Prometheus for {@code setup} and waits until it is ready. */
  PrometheusSystem(Setup setup) throws IOException, InterruptedException {
    super(KIND, setup);
  }

  @Override
  public Disk measureDiskAndStop() throws IOException {
    long samples = samplesIngested();
    int exit = stop();
    return new Disk(
        Dirs.size(data()),
        samples,
        "every file left in the data directory (--storage.tsdb.path) after SIGTERM: chunks_head"
            + " (memory-mapped head chunks), wal, queries.active; no block is cut in a run shorter"
            + " than 2 h and no compaction is forced",
        -1,
        "none: Prometheus compacts only whole 2-hour blocks of the head, which a shorter run does"
            + " not fill",
        Dirs.sizeByEntry(data()),
        exit,
        process().child().killed(),
        Map.of());
  }
}
