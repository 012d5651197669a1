package io.tidemark.testkit;

import java.io.IOException;
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

/**
 * A real Prometheus server run as a child process for a test: its own data directory and
 * configuration file, a free loopback port, the admin API enabled (to delete series), its output in
 * {@code prometheus.log} beside its data.
 *
 * <p>{@link #close()} stops it (SIGTERM, then SIGKILL after ten seconds); call it from
 * {@code @AfterAll} so it never outlives the test class (a {@link ChildProcess} shutdown hook stops
 * it at the latest when the JVM exits).
 *
 * <p>Thread safety: safe from any thread.
 */
public final class PrometheusProcess implements AutoCloseable {

  private final ChildProcess process;
  private final URI uri;
  private final HttpClient http = HttpClient.newHttpClient();

  private PrometheusProcess(ChildProcess process, URI uri) {
    this.process = process;
    this.uri = uri;
  }

  /**
   * Starts {@code binary} with {@code config} (a {@code prometheus.yml}) in {@code dir} and waits
   * until it answers {@code /-/ready}.
   */
  public static PrometheusProcess start(Path binary, Path dir, String config)
      throws IOException, InterruptedException {
    Files.createDirectories(dir);
    Path configFile = Files.writeString(dir.resolve("prometheus.yml"), config);
    int port = ChildProcess.freePort();
    ChildProcess process =
        ChildProcess.start(
            "prometheus",
            List.of(
                binary.toString(),
                "--config.file=" + configFile,
                "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port,
                "--web.enable-admin-api"),
            dir,
            dir.resolve("prometheus.log"));
    URI uri = URI.create("http://127.0.0.1:" + port);
    process.awaitHttpOk(uri.resolve("/-/ready"), Duration.ofSeconds(60));
    return new PrometheusProcess(process, uri);
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
                            + PromAnswer.seconds(endMillis)))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 204) {
      throw new IllegalStateException(
          "prometheus answered " + response.statusCode() + " to delete_series: " + response.body());
    }
  }

  /** The last lines Prometheus logged, for failure messages. */
  public String logTail() {
    return process.logTail(20);
  }

  @Override
  public void close() {
    process.stop(Duration.ofSeconds(10));
  }
}
