package io.tidemark.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidemark.simulator.KubeletSimulator;
import io.tidemark.simulator.SimulatorSpec;
import io.tidemark.storage.rocksdb.RocksDbStore;
import io.tidemark.testkit.ChildProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged {@code tidemark.jar}, run as a user runs it. */
class TidemarkJarIT {

  private static final Path JAR = Path.of(System.getProperty("tidemark.jar"));
  private static final Path EXAMPLE = Path.of(System.getProperty("tidemark.exampleConfig"));

  @TempDir Path dir;
  private final List<Process> processes = new ArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void killLeftovers() {
    processes.forEach(Process::destroyForcibly);
  }

  private Process start(String... args) throws IOException {
    return start(List.of(), args);
  }

  private Process start(List<String> jvmOptions, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-jar");
    command.add(JAR.toString());
    command.addAll(List.of(args));
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("output-" + processes.size() + ".log").toFile())
            .start();
    processes.add(process);
    return process;
  }

  private String output(int index) throws IOException {
    return Files.readString(dir.resolve("output-" + index + ".log"), StandardCharsets.UTF_8);
  }

  private Path exampleWith(String from, String to) throws IOException {
    String example = Files.readString(EXAMPLE);
    assertThat(example).contains(from);
    Path file = dir.resolve("tidemark.yml");
    Files.writeString(file, example.replace(from, to));
    return file;
  }

  @Test
  void compactWritesOpenChunksAndKeepsEverySample() throws Exception {
    Path storage = dir.resolve("compact-me");
    io.tidemark.storage.SeriesKey series =
        io.tidemark.storage.SeriesKey.of("node_memory_working_set_bytes", "node", "n1");
    List<io.tidemark.storage.Sample> written = new ArrayList<>();
    try (RocksDbStore store = RocksDbStore.open(storage)) {
      for (int i = 0; i < 300; i++) {
        long ts = 1_763_000_000_000L + i * 15_000L;
        store.append(List.of(new io.tidemark.storage.SeriesSample(series, ts, 4096.0 * i)));
        written.add(new io.tidemark.storage.Sample(ts, 4096.0 * i));
      }
      assertThat(store.stats().headSamples()).isPositive();
    }

    Process process = start("compact", "--storage", storage.toString());

    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output(0)).isZero();
    assertThat(output(0)).contains("compacted").contains("300 samples");
    try (RocksDbStore store = RocksDbStore.openReadOnly(storage)) {
      assertThat(store.stats().headSamples()).isZero();
      assertThat(store.stats().journalRecords()).isZero();
      assertThat(store.read(series, Long.MIN_VALUE, Long.MAX_VALUE)).isEqualTo(written);
    }

    Process missing = start("compact", "--storage", dir.resolve("nothing-here").toString());
    assertThat(missing.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(missing.exitValue()).isNotZero();
    assertThat(output(1)).contains("no store at").doesNotContain("\tat ");
  }

  @Test
  void refusesANegativeIntervalNamingTheKey() throws Exception {
    Path config = exampleWith("interval: 15s", "interval: -5s");

    Process process = start("server", config.toString());

    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isNotZero();
    assertThat(output(0)).contains("scrape.interval").contains("-5s").doesNotContain("\tat ");
  }

  @Test
  void refusesAMissingStoragePathAndStartsNothing() throws Exception {
    Path config = exampleWith("  path: /var/lib/tidemark\n", "");

    Process process = start("server", config.toString());

    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isNotZero();
    assertThat(output(0)).contains("storage.path must not be null").doesNotContain("\tat ");
  }

  @Test
  void refusesAnUnreadableCaFileNamingTheKeyBeforeServing() throws Exception {
    Path storage = dir.resolve("never-created");
    Path config = exampleWith("path: /var/lib/tidemark", "path: " + storage).toAbsolutePath();
    String text =
        Files.readString(config)
            .replace(
                "/var/run/secrets/kubernetes.io/serviceaccount/ca.crt", dir + "/missing-ca.crt")
            .replace("bearerTokenFile: /var/run/secrets/kubernetes.io/serviceaccount/token", "")
            .replace("port: 8080", "port: " + ChildProcess.freePort())
            .replace("port: 8081", "port: " + ChildProcess.freePort());
    Files.writeString(config, text);

    Process process = start("server", config.toString());

    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isNotZero();
    assertThat(output(0))
        .contains("tidemark: scrape.tls.caFile: cannot read")
        .contains("missing-ca.crt")
        .doesNotContain("\tat ");
    assertThat(storage).as("nothing is created for a server that does not start").doesNotExist();
  }

  @Test
  void servesSnapshotsStopsCleanlyOnSigtermAndTheSnapshotOpensReadOnly() throws Exception {
    try (KubeletSimulator simulator =
        KubeletSimulator.start(
            new SimulatorSpec(2, 3, 1, Duration.ofSeconds(1)), Clock.systemUTC(), 0)) {
      int port = ChildProcess.freePort();
      int admin = ChildProcess.freePort();
      Path storage = dir.resolve("store");
      StringBuilder yaml =
          new StringBuilder()
              .append("storage:\n  path: ")
              .append(storage)
              .append('\n')
              .append("scrape:\n  interval: 1s\n  timeout: 900ms\n  targets:\n    static:\n");
      simulator
          .targets()
          .forEach(
              t ->
                  yaml.append("      - node: ")
                      .append(t.node())
                      .append('\n')
                      .append("        url: ")
                      .append(t.url())
                      .append('\n'));
      yaml.append("server:\n  applicationConnectors:\n    - type: http\n      port: ")
          .append(port)
          .append("\n  adminConnectors:\n    - type: http\n      port: ")
          .append(admin)
          .append('\n');
      Path config = dir.resolve("sim.yml");
      Files.writeString(config, yaml);

      Process process = start("server", config.toString());
      await()
          .atMost(Duration.ofSeconds(60))
          .ignoreExceptions()
          .until(() -> status("http://127.0.0.1:" + admin + "/ping") == 200);
      await()
          .atMost(Duration.ofSeconds(30))
          .ignoreExceptions()
          .until(
              () ->
                  new ObjectMapper()
                      .readTree(body("http://127.0.0.1:" + port + "/api/v1/targets"))
                      .path("data")
                      .path("activeTargets")
                      .findValuesAsText("health")
                      .equals(List.of("up", "up")));

      Path snapshot = dir.resolve("snapshot");
      HttpResponse<String> taken =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(
                          "http://127.0.0.1:" + admin + "/tasks/snapshot?target=" + snapshot))
                  .POST(HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(taken.statusCode()).isEqualTo(200);
      assertThat(taken.body()).contains("snapshot written to " + snapshot);

      process.destroy(); // SIGTERM

      assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(process.exitValue()).as(output(0)).isZero();
      long stored;
      try (RocksDbStore store = RocksDbStore.open(storage)) {
        stored = store.stats().samplesIngested();
        assertThat(stored).isPositive();
      }

      // The snapshot opens read-only elsewhere: served, nothing scraped, nothing written.
      Process inspect =
          start(
              List.of(
                  "-Ddw.server.applicationConnectors[0].port=" + port,
                  "-Ddw.server.adminConnectors[0].port=" + admin),
              "inspect",
              snapshot.toString());
      await()
          .atMost(Duration.ofSeconds(60))
          .ignoreExceptions()
          .untilAsserted(
              () -> {
                JsonNode status =
                    new ObjectMapper()
                        .readTree(body("http://127.0.0.1:" + port + "/api/v1/status/tsdb"));
                assertThat(status.path("data").path("samplesIngested").asLong())
                    .isPositive()
                    .isLessThanOrEqualTo(stored);
              });
      assertThat(
              new ObjectMapper()
                  .readTree(body("http://127.0.0.1:" + port + "/api/v1/targets"))
                  .path("data")
                  .path("activeTargets"))
          .isEmpty();
      inspect.destroy();
      assertThat(inspect.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(inspect.exitValue()).as(output(1)).isZero();
    }
  }

  @Test
  void demoNeedsNoFileAndPrintsWorkingUrls() throws Exception {
    Process process =
        start(
            List.of(
                "-Ddw.server.applicationConnectors[0].port=0",
                "-Ddw.server.adminConnectors[0].port=0"),
            "demo",
            "--nodes",
            "3",
            "--pods",
            "2",
            "--interval",
            "1s",
            "--storage",
            dir.resolve("demo-store").toString());
    // Free ports chosen by the server: the printed URLs must name the real ones.
    Pattern targetsUrl = Pattern.compile("(http://localhost:\\d+)/api/v1/targets");
    String base =
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () -> {
                  Matcher m = targetsUrl.matcher(output(0));
                  return m.find() ? m.group(1) : null;
                },
                url -> url != null);

    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              JsonNode nodes =
                  new ObjectMapper()
                      .readTree(body(base + "/apis/metrics.k8s.io/v1beta1/nodes"))
                      .path("items");
              assertThat(nodes).hasSize(3);
            });
    process.destroy();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isZero();
  }

  private int status(String url) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  private String body(String url) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString())
        .body();
  }
}
