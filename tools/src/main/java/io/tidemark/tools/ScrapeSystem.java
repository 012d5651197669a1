package io.tidemark.tools;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One system of the side-by-side, running and scraping the simulated fleet's {@code
 * /metrics/resource}: Tidemark, Prometheus or VictoriaMetrics. Each is measured from outside the
 * same way ({@code /proc}, the Prometheus query API) and reports its own sample count and disk
 * figure in its own way, which {@link #samplesHow()} and {@link Disk#how()} state.
 */
interface ScrapeSystem extends AutoCloseable {

  /** The systems {@code --systems} may name, in their default order. */
  List<String> NAMES = List.of("tidemark", "prometheus", "victoriametrics");

  /**
   * What every system of a run gets.
   *
   * @param jar how to start Tidemark
   * @param tidemarkJvmOptions options of Tidemark's JVM
   * @param simulator the fleet
   * @param interval the scrape interval of every system
   * @param dir this system's own temporary directory
   * @param binaries the peers' binaries by system name
   */
  record Setup(
      TidemarkJar jar,
      List<String> tidemarkJvmOptions,
      SimulatorProcess simulator,
      Duration interval,
      Path dir,
      Map<String, Path> binaries) {}

  /**
   * The disk figure of a system.
   *
   * @param bytes bytes of its data directory, measured as {@link #how} says
   * @param samples the samples it holds (its own count, over its whole life)
   * @param how exactly how the bytes were obtained
   * @param compactedBytes bytes of the data directory in its most compact state the system can be
   *     brought to without rewriting it offline by hand; -1 where there is none
   * @param compactedHow how {@code compactedBytes} were obtained, or why there are none
   * @param breakdown bytes by entry of the data directory
   * @param exitStatus its exit status when stopped (0 or 143 for SIGTERM handled by the runtime)
   * @param killed whether it had to be killed after the grace period
   * @param extra other figures worth keeping in the JSON file
   */
  record Disk(
      long bytes,
      long samples,
      String how,
      long compactedBytes,
      String compactedHow,
      Map<String, Long> breakdown,
      int exitStatus,
      boolean killed,
      Map<String, Object> extra) {}

  /** Starts the system {@code name} (one of {@link #NAMES}) and waits until it is ready. */
  static ScrapeSystem start(String name, Setup setup) throws IOException, InterruptedException {
    return switch (name) {
      case "tidemark" -> TidemarkSystem.start(setup);
      case "prometheus" -> new PrometheusSystem(setup);
      case "victoriametrics" -> new VictoriaMetricsSystem(setup);
      default -> throw new IllegalArgumentException("unknown system " + name);
    };
  }

  /** Its name in {@link #NAMES}. */
  String name();

  /** Its version, for the report. */
  String version();

  /** The process, to measure it. */
  MeasuredProcess process();

  /** The base URI of its Prometheus-compatible query API ({@code /api/v1/query} below it). */
  URI queryApi();

  /** The samples it has ingested so far, by its own count. */
  long samplesIngested() throws IOException;

  /** How {@link #samplesIngested()} is obtained. */
  String samplesHow();

  /**
   * Brings its data to disk the way the comparison defines for it, measures it, and stops it (so
   * this is the last call but {@link #close()}).
   */
  Disk measureDiskAndStop() throws IOException, InterruptedException;

  /** Stops it if still running. */
  @Override
  void close();
}
