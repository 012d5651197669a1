package io.tidemark.tools;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Loopback HTTP for fleet runs: free ports, GETs that fail loudly on anything but 200, timed GETs,
 * and waiting for a server to come up.
 *
 * <p>Thread safety: safe from any thread (one shared {@link HttpClient}).
 */
final class Loopback {

  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  /**
   * A timed answer.
   *
   * @param nanos from sending the request to having read the whole body
   * @param body the body
   */
  record Timed(long nanos, String body) {}

  private Loopback() {}

  /**
   * A port free on 127.0.0.1 right now. Another process may take it before the caller binds it; the
   * window is small, and a server that fails to bind fails its run loudly.
   */
  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }

  /** {@code base} with {@code path} and the query parameters (URL-encoded) appended. */
  static URI uri(URI base, String path, Map<String, String> params) {
    StringJoiner query = new StringJoiner("&");
    params.forEach(
        (k, v) ->
            query.add(
                URLEncoder.encode(k, StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(v, StandardCharsets.UTF_8)));
    String s = base.toString().replaceAll("/+$", "") + path;
    return URI.create(params.isEmpty() ? s : s + "?" + query);
  }

  /** GET {@code uri}: the body of a 200 answer, else an {@link IOException} with the answer. */
  static String get(URI uri, Duration timeout) throws IOException {
    return timedGet(uri, timeout).body();
  }

  /** GET {@code uri}, timed from sending to the end of the body; non-200 is an exception. */
  static Timed timedGet(URI uri, Duration timeout) throws IOException {
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
    try {
      long start = System.nanoTime();
      HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      long nanos = System.nanoTime() - start;
      if (response.statusCode() != 200) {
        String body = response.body();
        throw new IOException(
            "GET "
                + uri
                + " answered "
                + response.statusCode()
                + ": "
                + (body.length() > 500 ? body.substring(0, 500) + "..." : body));
      }
      return new Timed(nanos, response.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted: GET " + uri, e);
    }
  }

  /** The status code of a GET of {@code uri}, or -1 if it cannot connect. */
  static int status(URI uri) {
    try {
      return HTTP.send(
              HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /**
   * Waits until a GET of {@code uri} answers 200, failing at once (with its log) if {@code owner}
   * exits, or after {@code timeout}.
   */
  static void awaitOk(URI uri, ChildProcess owner, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (status(uri) != 200) {
      owner.ensureAlive();
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            owner.name()
                + " did not answer 200 at "
                + uri
                + " within "
                + timeout.toSeconds()
                + " s; its log ends:\n"
                + owner.logTail(30));
      }
      Thread.sleep(250);
    }
  }
}
