package io.tidemark.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidemark.testkit.ChildProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Tidemark ({@code tidemark server}) as a child process for a fleet run: its own configuration file
 * and store under one directory, free loopback ports for the application and admin connectors, and
 * readers for its self-accounting ({@code /api/v1/status/tsdb}, the admin {@code /metrics}).
 *
 * <p>The JVM always gets {@code -XX:+PrintCommandLineFlags}, so the flags it actually ran with
 * (heap sizes and collector chosen by ergonomics included) can be read back from its log.
 *
 * <p>Thread safety: safe from any thread.
 *
 * @param jar how it was started, to run {@code compact} the same way
 * @param jvmOptions the options of its JVM, which {@code compact} gets too
 * @param process the process, to measure it
 * @param store the store directory
 * @param api the application connector: the query API
 * @param admin the admin connector: health check and metrics
 */
record TidemarkProcess(
    TidemarkJar jar,
    List<String> jvmOptions,
    MeasuredProcess process,
    Path store,
    URI api,
    URI admin)
    implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(60);

  /**
   * Starts Tidemark with a store in {@code dir}/store scraping {@code endpoints} of the targets in
   * {@code targetsFile} every {@code interval}, and waits until its health check passes.
   */
  static TidemarkProcess start(
      TidemarkJar jar,
      List<String> jvmOptions,
      Path dir,
      Path targetsFile,
      Duration interval,
      List<String> endpoints)
      throws IOException, InterruptedException {
    Files.createDirectories(dir);
    Path store = dir.resolve("store");
    int apiPort = ChildProcess.freePort();
    int adminPort = ChildProcess.freePort();
    Path config = dir.resolve("tidemark.yml");
    Files.writeString(config, config(store, targetsFile, interval, endpoints, apiPort, adminPort));
    List<String> jvm = new ArrayList<>(jvmOptions);
    jvm.add("-XX:+PrintCommandLineFlags");
    MeasuredProcess process = jar.start("tidemark", jvm, List.of("server", config.toString()), dir);
    URI admin = URI.create("http://127.0.0.1:" + adminPort);
    process.child().awaitHttpOk(admin.resolve("/healthcheck"), Duration.ofMinutes(2));
    return new TidemarkProcess(
        jar,
        List.copyOf(jvmOptions),
        process,
        store,
        URI.create("http://127.0.0.1:" + apiPort),
        admin);
  }

  /**
   * The configuration file of a run: the store, the targets file, the interval (the timeout is the
   * interval, at most 10 s, the default), the endpoints, both connectors on loopback, no request
   * log (the run's own polling would fill it).
   */
  static String config(
      Path store,
      Path targetsFile,
      Duration interval,
      List<String> endpoints,
      int apiPort,
      int adminPort) {
    return """
        # Written by a fleet run (io.tidemark.tools).
        storage:
          path: %s
        scrape:
          interval: %s
          timeout: %s
          endpoints: [%s]
          targets:
            file: %s
        server:
          applicationConnectors:
            - type: http
              bindHost: 127.0.0.1
              port: %d
          adminConnectors:
            - type: http
              bindHost: 127.0.0.1
              port: %d
          requestLog:
            appenders: []
        logging:
          level: INFO
        """
        .formatted(
            yamlString(store.toAbsolutePath().toString()),
            Options.format(interval),
            Options.format(scrapeTimeout(interval)),
            String.join(", ", endpoints),
            yamlString(targetsFile.toAbsolutePath().toString()),
            apiPort,
            adminPort);
  }

  /** The scrape timeout every system of a run gets: the interval, but at most 10 s. */
  static Duration scrapeTimeout(Duration interval) {
    return interval.compareTo(Duration.ofSeconds(10)) < 0 ? interval : Duration.ofSeconds(10);
  }

  private static String yamlString(String s) {
    return "'" + s.replace("'", "''") + "'";
  }

  /** The {@code data} of {@code /api/v1/status/tsdb}. */
  JsonNode tsdbStatus() throws IOException {
    return JSON.readTree(Loopback.get(api.resolve("/api/v1/status/tsdb"), HTTP_TIMEOUT))
        .path("data");
  }

  /** The admin port's {@code /metrics}: Dropwizard's metrics as JSON. */
  JsonNode adminMetrics() throws IOException {
    return JSON.readTree(Loopback.get(admin.resolve("/metrics"), HTTP_TIMEOUT));
  }

  /** A counter of {@link #adminMetrics()}; 0 if it is not registered yet. */
  static long counter(JsonNode metrics, String name) {
    return metrics.path("counters").path(name).path("count").asLong(0);
  }

  /** The JVM flags the process printed at start ({@code -XX:+PrintCommandLineFlags}). */
  String jvmFlags() {
    return jvmFlags(process.child().log());
  }

  /** The first line of {@code log} that {@code -XX:+PrintCommandLineFlags} printed. */
  static String jvmFlags(Path log) {
    try {
      for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
        if (line.startsWith("-XX:")) {
          return line.trim();
        }
      }
    } catch (IOException e) {
      return "(cannot read " + log + ")";
    }
    return "(not printed)";
  }

  /**
   * Stops it (SIGTERM: the scrapes in flight finish, the store writes its open chunks, deletes its
   * journal and write-ahead log, and closes) and returns the exit status; 0 is a clean shutdown.
   */
  int stop() {
    return process.stop(Duration.ofMinutes(10)); // a large head takes minutes to write at close
  }

  /**
   * Runs {@code compact --storage STORE} on the stopped store (open chunks written, journal
   * trimmed, full RocksDB compaction) and returns the samples it reports the store holds, or -1 if
   * its output could not be read; its output is appended to {@code compact.log} beside the store.
   * It runs with the server's JVM options: it loads the same head.
   */
  long compact() throws IOException, InterruptedException {
    Path log = store.resolveSibling("compact.log");
    Process p =
        new ProcessBuilder(
                jar.command(jvmOptions, List.of("compact", "--storage", store.toString())))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    if (!p.waitFor(30, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IllegalStateException("compact did not finish in 30 minutes; see " + log);
    }
    String output = Files.readString(log);
    if (p.exitValue() != 0) {
      throw new IllegalStateException("compact failed with " + p.exitValue() + ":\n" + output);
    }
    return compactedSamples(output);
  }

  /** The sample count in the output of {@code compact} ({@code "..., 3,834 samples, ..."}). */
  static long compactedSamples(String output) {
    Matcher m = Pattern.compile("([\\d,]+) samples").matcher(output);
    return m.find() ? Long.parseLong(m.group(1).replace(",", "")) : -1;
  }

  /**
   * The bytes of the store directory by kind of RocksDB file: {@code sst} (the data), {@code wal}
   * ({@code *.log}), {@code info-log} (RocksDB's own text logs, {@code LOG*}) and {@code other}
   * (manifest, options, the lock).
   */
  static Map<String, Long> storeBreakdown(Path store) {
    Map<String, Long> out = new TreeMap<>();
    try (Stream<Path> files = Files.walk(store)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        String name = f.getFileName().toString();
        String kind =
            name.endsWith(".sst")
                ? "sst"
                : name.endsWith(".log") ? "wal" : name.startsWith("LOG") ? "info-log" : "other";
        out.merge(kind, Files.size(f), Long::sum);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot walk " + store, e);
    }
    return out;
  }

  @Override
  public void close() {
    process.close();
  }
}
