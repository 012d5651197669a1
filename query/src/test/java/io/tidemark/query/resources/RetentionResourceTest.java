package io.tidemark.query.resources;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.junit5.DropwizardClientExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.tidemark.storage.RetentionPolicy;
import io.tidemark.storage.rocksdb.RocksDbStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@ExtendWith(DropwizardExtensionsSupport.class)
class RetentionResourceTest {

  private static final RocksDbStore STORE = open();

  private static final DropwizardClientExtension SERVER =
      new DropwizardClientExtension(new RetentionResource(STORE), new TsdbStatusResource(STORE));

  private final ObjectMapper mapper = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  private static RocksDbStore open() {
    try {
      return RocksDbStore.open(Files.createTempDirectory("tidemark-retention-test"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @AfterEach
  void restoreDefaults() {
    STORE.retention(RetentionPolicy.DEFAULT);
  }

  @AfterAll
  static void closeStore() {
    STORE.close();
  }

  private HttpResponse<String> send(String method, String path, String body) throws Exception {
    URI base = SERVER.baseUri();
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve(base.getPath() + path))
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void showsTheRetentionOfEveryResolution() throws Exception {
    HttpResponse<String> response = send("GET", "/api/v1/status/retention", null);

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode data = mapper.readTree(response.body()).get("data");
    assertThat(data.toString()).isEqualTo("{\"raw\":\"7d\",\"5m\":\"90d\",\"1h\":\"730d\"}");
  }

  @Test
  void changesTheNamedResolutionsAndKeepsTheOthers() throws Exception {
    HttpResponse<String> put =
        send("PUT", "/api/v1/status/retention", "{\"raw\":\"14d\",\"1h\":\"1095d\"}");

    assertThat(put.statusCode()).isEqualTo(200);
    assertThat(STORE.retention().raw()).hasDays(14);
    HttpResponse<String> get = send("GET", "/api/v1/status/retention", null);
    assertThat(mapper.readTree(get.body()).get("data").toString())
        .isEqualTo("{\"raw\":\"14d\",\"5m\":\"90d\",\"1h\":\"1095d\"}");
  }

  /**
   * Every way a PUT body can be wrong: 400 {@code bad_data} in the Prometheus envelope naming the
   * field (or the {@code Content-Type}), never Dropwizard's generic JSON error, and the retention
   * unchanged.
   */
  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          application/json | {"raw":"12h"}                 | raw retention must be at least 1d, was 12h
          application/json | {"raw":"0d"}                  | raw retention must be at least 1d, was 0ms
          application/json | {"5m":"1m"}                   | the retention of the 5m rollups must be at least one step
          application/json | {"raw":"soon"}                | retention of raw: 'soon' is not a duration like 14d
          application/json | {"1h":"-1d"}                  | retention of 1h: '-1d' is not a duration like 14d
          application/json | {"raw":"99999999999999999999d"} | retention of raw: '99999999999999999999d' is not a duration like 14d
          application/json | {"raw":"9223372036854775807d"} | retention of raw: '9223372036854775807d' is out of range (at most 106751d)
          application/json | {"raw":14}                    | retention of raw: 14 is not a duration string like "14d"
          application/json | {"raw":null}                  | retention of raw: null is not a duration string like "14d"
          application/json | {"raw":{"days":14}}           | retention of raw: a JSON object is not a duration string like "14d"
          application/json | {"raw":["14d"]}               | retention of raw: a JSON array is not a duration string like "14d"
          application/json | {"10m":"3d"}                  | no resolution '10m'; the resolutions are [raw, 5m, 1h]
          application/json | {"raw":"14d","10m":"3d"}      | no resolution '10m'; the resolutions are [raw, 5m, 1h]
          application/json | {"raw":"14d","raw":"15d"}     | the body names 'raw' twice
          application/json | {}                            | the body must name at least one resolution, like {"raw": "14d"}
          application/json | ``                            | the body must name at least one resolution, like {"raw": "14d"}
          application/json | null                          | the body must be a JSON object of resolutions and durations, like {"raw": "14d"}
          application/json | ["raw","14d"]                 | the body must be a JSON object of resolutions and durations, like {"raw": "14d"}
          application/json | "14d"                         | the body must be a JSON object of resolutions and durations, like {"raw": "14d"}
          application/json | {"raw":"14d"                  | the body is not valid JSON (line 1, column 13); it must be like {"raw": "14d"}
          application/json | {raw: 14d}                    | the body is not valid JSON (line 1, column 2); it must be like {"raw": "14d"}
          application/json | {"raw":"14d"} {"5m":"1d"}     | the body goes on after its JSON object
          application/json; charset=utf-8 | {"raw":"12h"}  | raw retention must be at least 1d, was 12h
          text/plain       | {"raw":"14d"}                 | unsupported Content-Type "text/plain": the body must be application/json, like {"raw": "14d"}
          application/x-www-form-urlencoded | raw=14d      | unsupported Content-Type "application/x-www-form-urlencoded": the body must be application/json, like {"raw": "14d"}
          ``               | {"raw":"14d"}                 | the body has no Content-Type: the body must be application/json, like {"raw": "14d"}
          """)
  void refusesABadBodyNamingWhatIsWrong(String contentType, String body, String message)
      throws Exception {
    HttpResponse<String> response = put(contentType.isEmpty() ? null : contentType, body);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    JsonNode json = mapper.readTree(response.body());
    assertThat(json.get("status").asText()).isEqualTo("error");
    assertThat(json.get("errorType").asText()).isEqualTo("bad_data");
    assertThat(json.get("error").asText()).isEqualTo(message);
    assertThat(STORE.retention()).isEqualTo(RetentionPolicy.DEFAULT);
  }

  @Test
  void takesDropwizardDurationsAndJsonWithACharset() throws Exception {
    HttpResponse<String> response =
        put("application/json; charset=utf-8", "{\"5m\": \"30 days\", \"raw\": \"36h\"}");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(mapper.readTree(response.body()).get("data").toString())
        .isEqualTo("{\"raw\":\"36h\",\"5m\":\"30d\",\"1h\":\"730d\"}");
  }

  private HttpResponse<String> put(String contentType, String body) throws Exception {
    URI base = SERVER.baseUri();
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve(base.getPath() + "/api/v1/status/retention"))
            .PUT(HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void statusReportsEveryResolution() throws Exception {
    JsonNode data = mapper.readTree(send("GET", "/api/v1/status/tsdb", null).body()).get("data");

    assertThat(data.get("resolutions").findValuesAsText("name")).containsExactly("raw", "5m", "1h");
    assertThat(data.has("journalRecords")).isTrue();
    assertThat(data.has("headSamples")).isTrue();
  }
}
