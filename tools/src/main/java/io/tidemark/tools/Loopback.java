package io.tidemark.tools;

import java.io.IOException;
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
 * Loopback HTTP for fleet runs: URIs with query parameters, GETs that fail loudly on anything but
 * 200, timed GETs.
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
}
