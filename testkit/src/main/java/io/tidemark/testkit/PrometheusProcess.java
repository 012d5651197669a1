package io.tidemark.testkit;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus server run as a child process for a test: its own data directory and
 * configuration file, a free loopback port, the admin API enabled (to delete series), its output in
 * {@code prometheus.log} beside its data.
 *
 * <p>{@link #close()} stops it (SIGTERM, then SIGKILL after ten seconds); call it from
 * {@code @AfterAll} so it never outlives the test class.
 */
public final class PrometheusProcess implements AutoCloseable {

  private final Process process;
  private final URI uri;
  private final Path log;
  private final HttpClient http = HttpClient.newHttpClient();

  private PrometheusProcess(Process process, URI uri, Path log) {
    this.process = process;
    this.uri = uri;
    this.log = log;
  }

  /**
   * Starts {@code binary} with {@code config} (a {@code prometheus.yml}) in {@code dir} and waits
   * until it answers {@code /-/ready}.
   */
  public static PrometheusProcess start(Path binary, Path dir, String config) throws IOException {
    Files.createDirectories(dir);
    Path configFile = Files.writeString(dir.resolve("prometheus.yml"), config);
    Path log = dir.resolve("prometheus.log");
    int port = freePort();
    ProcessBuilder builder =
        new ProcessBuilder(
                binary.toString(),
                "--config.file=" + configFile,
                "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port,
                "--web.enable-admin-api")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    PrometheusProcess prometheus =
        new PrometheusProcess(builder.start(), URI.create("http://127.0.0.1:" + port), log);
    try {
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(200))
          .until(
              () -> {
                if (!prometheus.process.isAlive()) {
                  throw new IllegalStateException(
                      "prometheus exited with "
                          + prometheus.process.exitValue()
                          + ":\n"
                          + prometheus.logTail());
                }
                return prometheus.status("/-/ready") == 200;
              });
    } catch (RuntimeException | Error e) {
      prometheus.close();
      throw e;
    }
    return prometheus;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** Where it listens. */
  public URI uri() {
    return uri;
  }

  /** GET {@code pathAndQuery}; the body of a 200 answer, else an exception with the answer. */
  public String get(String pathAndQuery) throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(uri.resolve(pathAndQuery)).build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          "prometheus answered "
              + response.statusCode()
              + " to "
              + pathAndQuery
              + ": "
              + response.body());
    }
    return response.body();
  }

  /** Deletes the samples of the series {@code match} selects up to {@code endMillis} included. */
  public void deleteSeries(String match, long endMillis) throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(
                    uri.resolve(
                        "/api/v1/admin/tsdb/delete_series?match[]="
                            + URLEncoder.encode(match, StandardCharsets.UTF_8)
                            + "&end="
                            + BigDecimal.valueOf(endMillis, 3).toPlainString()))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 204) {
      throw new IllegalStateException(
          "prometheus answered " + response.statusCode() + " to delete_series: " + response.body());
    }
  }

  private int status(String path) {
    try {
      return http.send(
              HttpRequest.newBuilder(uri.resolve(path)).timeout(Duration.ofSeconds(2)).build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** The last lines Prometheus logged, for failure messages. */
  public String logTail() {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
