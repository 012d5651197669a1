package io.tidemark.tools;

import io.tidemark.testkit.Binaries;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What Prometheus and VictoriaMetrics share in the side-by-side: the scrape configuration of the
 * simulated fleet (both read the same {@code prometheus.yml}), finding their binaries, and their
 * versions.
 */
final class PeerConfig {

  private PeerConfig() {}

  /**
   * The {@code prometheus.yml} scraping every node's {@code /metrics/resource} every {@code
   * interval}: one job, one static target per node (they share the simulator's port, so each target
   * sets its own {@code __metrics_path__}), labelled {@code node=NAME} as Tidemark labels its
   * series and with {@code instance} set to the node name.
   *
   * <p>The kubelet's timestamps are kept ({@code honor_timestamps}, as Tidemark keeps them), and
   * {@code container_start_time_seconds} is dropped: its samples carry the containers' start times,
   * days old, which Prometheus rejects as out of bounds on every scrape and VictoriaMetrics would
   * store again on every scrape; Tidemark stores one sample of it per container and drops the
   * repeats.
   */
  static String prometheusYaml(
      List<SimulatorProcess.Target> targets, Duration interval, Duration timeout) {
    StringBuilder yaml =
        new StringBuilder(
            """
            # Written by compare (io.tidemark.tools): the simulated fleet's
            # /metrics/resource, one target per node.
            global:
              scrape_interval: %s
              scrape_timeout: %s
            scrape_configs:
              - job_name: kubelet-resource
                honor_timestamps: true
                static_configs:
            """
                .formatted(Options.format(interval), Options.format(timeout)));
    for (SimulatorProcess.Target t : targets) {
      String hostPort = t.url().getHost() + ":" + t.url().getPort();
      String path = t.url().getPath().replaceAll("/+$", "") + "/metrics/resource";
      yaml.append("      - targets: ['")
          .append(hostPort)
          .append("']\n        labels: {__metrics_path__: '")
          .append(path)
          .append("', node: '")
          .append(t.node())
          .append("'}\n");
    }
    yaml.append(
        """
            relabel_configs:
              - source_labels: [node]
                target_label: instance
            metric_relabel_configs:
              - source_labels: [__name__]
                regex: container_start_time_seconds
                action: drop
        """);
    return yaml.toString();
  }

  /**
   * Writes {@link #prometheusYaml} for the run's fleet and interval to {@code prometheus.yml} in
   * the system's directory, which it creates; both peers read the same file format.
   */
  static Path writePrometheusYaml(ScrapeSystem.Setup setup) throws IOException {
    Files.createDirectories(setup.dir());
    Path config = setup.dir().resolve("prometheus.yml");
    Files.writeString(
        config,
        prometheusYaml(
            setup.simulator().targets(),
            setup.interval(),
            TidemarkProcess.scrapeTimeout(setup.interval())));
    return config;
  }

  /** {@code name} if it is a path to a file, else the first executable of that name on PATH. */
  static Path findBinary(String name) {
    if (name.contains("/")) {
      Path p = Path.of(name);
      if (Files.isExecutable(p)) {
        return p.toAbsolutePath();
      }
      throw new IllegalArgumentException("not an executable: " + name);
    }
    return Binaries.onPath(name)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    name
                        + " not found on PATH (compare.sh installs the Debian package when it is"
                        + " missing)"));
  }

  /**
   * The first line {@code binary versionFlag} prints, or the Debian package's version when it
   * prints nothing (Debian's VictoriaMetrics build has no version compiled in).
   */
  static String version(Path binary, String versionFlag, String debianPackage) {
    String out;
    try {
      out = ProcFs.run(binary.toString(), versionFlag).strip();
    } catch (RuntimeException e) {
      out = "";
    }
    if (!out.isEmpty()) {
      return out.split("\n")[0];
    }
    try {
      return debianPackage
          + " "
          + ProcFs.run("dpkg-query", "-W", "-f=${Version}", debianPackage).strip()
          + " (Debian package)";
    } catch (RuntimeException e) {
      return "unknown";
    }
  }
}
