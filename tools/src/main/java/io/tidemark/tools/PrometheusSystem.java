package io.tidemark.tools;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Prometheus in the side-by-side: the Debian package's server with default flags but for its
 * configuration, data directory and a loopback port. Samples are its {@code
 * prometheus_tsdb_head_samples_appended_total}; its disk figure is its data directory after SIGTERM
 * (the head's memory-mapped chunks and the WAL: a run shorter than the head's 2-hour block range
 * writes no block, and no compaction is forced).
 */
final class PrometheusSystem implements ScrapeSystem {

  private final ChildProcess process;
  private final URI uri;
  private final Path data;
  private final String version;

  private PrometheusSystem(ChildProcess process, URI uri, Path data, String version) {
    this.process = process;
    this.uri = uri;
    this.data = data;
    this.version = version;
  }

  static PrometheusSystem start(Setup setup) throws IOException, InterruptedException {
    Path binary = setup.binaries().get("prometheus");
    Path config = PeerConfig.writePrometheusYaml(setup);
    Path data = setup.dir().resolve("data");
    int port = Loopback.freePort();
    ChildProcess process =
        ChildProcess.start(
            "prometheus",
            List.of(
                binary.toString(),
                "--config.file=" + config,
                "--storage.tsdb.path=" + data,
                "--web.listen-address=127.0.0.1:" + port),
            setup.dir(),
            setup.dir().resolve("prometheus.log"));
    URI uri = URI.create("http://127.0.0.1:" + port);
    try {
      Loopback.awaitOk(uri.resolve("/-/ready"), process, Duration.ofMinutes(2));
    } catch (InterruptedException | RuntimeException e) {
      process.stop(Duration.ofSeconds(30));
      throw e;
    }
    return new PrometheusSystem(
        process, uri, data, PeerConfig.version(binary, "--version", "prometheus"));
  }

  @Override
  public String name() {
    return "prometheus";
  }

  @Override
  public String version() {
    return version;
  }

  @Override
  public ChildProcess process() {
    return process;
  }

  @Override
  public URI queryApi() {
    return uri;
  }

  @Override
  public long samplesIngested() throws IOException {
    String body = Loopback.get(uri.resolve("/metrics"), Duration.ofSeconds(30));
    return (long) PromText.require(body, "prometheus_tsdb_head_samples_appended_total");
  }

  @Override
  public String samplesHow() {
    return "prometheus_tsdb_head_samples_appended_total (all types) of its /metrics";
  }

  @Override
  public Disk measureDiskAndStop() throws IOException {
    long samples = samplesIngested();
    int exit = process.stop(Duration.ofMinutes(2));
    return new Disk(
        Dirs.size(data),
        samples,
        "every file left in the data directory (--storage.tsdb.path) after SIGTERM: chunks_head"
            + " (memory-mapped head chunks), wal, queries.active; no block is cut in a run shorter"
            + " than 2 h and no compaction is forced",
        -1,
        "none: Prometheus compacts only whole 2-hour blocks of the head, which a shorter run does"
            + " not fill",
        Dirs.sizeByEntry(data),
        exit,
        process.killed(),
        Map.of());
  }

  @Override
  public void close() {
    process.close();
  }
}
