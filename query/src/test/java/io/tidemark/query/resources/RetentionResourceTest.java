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

  @Test
  void refusesBadValuesNamingWhatIsWrong() throws Exception {
    assertError(send("PUT", "/api/v1/status/retention", "{\"raw\":\"12h\"}"), "at least 1d");
    assertError(send("PUT", "/api/v1/status/retention", "{\"raw\":\"soon\"}"), "'soon'");
    assertError(send("PUT", "/api/v1/status/retention", "{\"10m\":\"3d\"}"), "[raw, 5m, 1h]");
    assertError(send("PUT", "/api/v1/status/retention", "{}"), "at least one resolution");
    assertThat(STORE.retention()).isEqualTo(RetentionPolicy.DEFAULT);
  }

  @Test
  void statusReportsEveryResolution() throws Exception {
    JsonNode data = mapper.readTree(send("GET", "/api/v1/status/tsdb", null).body()).get("data");

    assertThat(data.get("resolutions").findValuesAsText("name")).containsExactly("raw", "5m", "1h");
    assertThat(data.has("journalRecords")).isTrue();
    assertThat(data.has("headSamples")).isTrue();
  }

  private void assertError(HttpResponse<String> response, String fragment) throws Exception {
    assertThat(response.statusCode()).isEqualTo(400);
    JsonNode body = mapper.readTree(response.body());
    assertThat(body.get("status").asText()).isEqualTo("error");
    assertThat(body.get("errorType").asText()).isEqualTo("bad_data");
    assertThat(body.get("error").asText()).contains(fragment);
  }
}
