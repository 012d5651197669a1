package io.tidemark.tools;

import io.tidemark.testkit.ChildProcess;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A peer of the side-by-side, Prometheus or VictoriaMetrics: its Debian package's server scraping
 * the fleet from the shared {@code prometheus.yml} ({@link PeerConfig}), with its data directory
 * and log in the system's own directory and its API on a free loopback port. It counts its samples
 * with one counter of its own {@code /metrics}.
 *
 * <p>Thread safety: safe from any thread.
 */
abstract sealed class PeerSystem implements ScrapeSystem
    permits PrometheusSystem, VictoriaMetricsSystem {

  /** The flags of a peer's command line. */
  @FunctionalInterface
  interface Flags {

    /** The flags that make it read {@code config}, keep its data in {@code data}, serve on port. */
    List<String> of(Path config, Path data, int port);
  }

  /**
   * How to start and read a peer.
   *
   * @param name its name in {@link ScrapeSystem#NAMES}, the key of its binary, its log's name
   * @param flags its command line but for the binary
   * @param readyPath the path that answers 200 once it is up
   * @param versionFlag the flag that prints its version
   * @param debianPackage its Debian package, for the version when it prints none
   * @param samplesMetric the counter of its {@code /metrics} that counts the samples it ingested
   * @param samplesHow how that count is read, for the report
   */
  record Kind(
      String name,
      Flags flags,
      String readyPath,
      String versionFlag,
      String debianPackage,
      String samplesMetric,
      String samplesHow) {}

  private final Kind kind;
  private final MeasuredProcess process;
  private final URI uri;
  private final Path data;
  private final Path config;
  private final String version;

  /** Starts the peer {@code kind} for {@code setup} and waits until it is ready. */
  PeerSystem(Kind kind, Setup setup) throws IOException, InterruptedException {
    this.kind = kind;
    Path binary = setup.binaries().get(kind.name());
    this.config = PeerConfig.writePrometheusYaml(setup);
    this.data = setup.dir().resolve("data");
    int port = ChildProcess.freePort();
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    command.addAll(kind.flags().of(config, data, port));
    this.process =
        MeasuredProcess.start(
            kind.name(), command, setup.dir(), setup.dir().resolve(kind.name() + ".log"));
    this.uri = URI.create("http://127.0.0.1:" + port);
    process.child().awaitHttpOk(uri.resolve(kind.readyPath()), Duration.ofMinutes(2));
    this.version = PeerConfig.version(binary, kind.versionFlag(), kind.debianPackage());
  }

  @Override
  public String name() {
    return kind.name();
  }

  @Override
  public String version() {
    return version;
  }

  @Override
  public MeasuredProcess process() {
    return process;
  }

  @Override
  public URI queryApi() {
    return uri;
  }

  /** Its data directory. */
  Path data() {
    return data;
  }

  /** The {@code prometheus.yml} it reads. */
  Path config() {
    return config;
  }

  /** Its own {@code /metrics}. */
  String metrics() throws IOException {
    return Loopback.get(uri.resolve("/metrics"), Duration.ofSeconds(30));
  }

  /** GET {@code path} of its API, waiting up to {@code timeout}. */
  String get(String path, Duration timeout) throws IOException {
    return Loopback.get(uri.resolve(path), timeout);
  }

  @Override
  public long samplesIngested() throws IOException {
    return samplesIn(metrics());
  }

  @Override
  public String samplesHow() {
    return kind.samplesHow();
  }

  /** Its sample counter in {@code metrics}, a body of its {@code /metrics}. */
  long samplesIn(String metrics) {
    return (long) PromText.require(metrics, kind.samplesMetric());
  }

  /** Stops it: SIGTERM, SIGKILL after two minutes; returns its exit status. */
  int stop() {
    return process.stop(Duration.ofMinutes(2));
  }

  @Override
  public void close() {
    process.close();
  }
}
