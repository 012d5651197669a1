package io.tidemark.query.resources;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.junit5.DropwizardClientExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.tidemark.query.capacity.CapacityService;
import io.tidemark.storage.SeriesKey;
import io.tidemark.storage.SeriesSample;
import io.tidemark.storage.rocksdb.RocksDbStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@ExtendWith(DropwizardExtensionsSupport.class)
class CapacityResourceTest {

  private static final long NOW = Instant.parse("2026-11-20T12:00:00Z").toEpochMilli();
  private static final RocksDbStore STORE = seeded();

  private static final DropwizardClientExtension SERVER =
      new DropwizardClientExtension(
          new CapacityResource(
              new CapacityService(STORE, Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC))));

  private final ObjectMapper mapper = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  private static RocksDbStore seeded() {
    try {
      RocksDbStore store = RocksDbStore.open(Files.createTempDirectory("tidemark-capacity-"));
      List<SeriesSample> batch = new ArrayList<>();
      SeriesKey cpu =
          SeriesKey.of(
              "container_cpu_usage_seconds_total",
              "namespace",
              "shop",
              "pod",
              "web-7c9d8f6b5-abcde",
              "container",
              "app");
      SeriesKey mem = new SeriesKey("container_memory_working_set_bytes", cpu.labels());
      for (int i = 0; i < 240; i++) {
        long ts = NOW - 2 * 3_600_000L + i * 30_000L;
        batch.add(new SeriesSample(cpu, ts, i * 15.0)); // half a core
        batch.add(new SeriesSample(mem, ts, 100 << 20));
      }
      store.append(batch);
      return store;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @AfterAll
  static void close() {
    STORE.close();
  }

  private HttpResponse<String> get(String path) throws Exception {
    URI base = SERVER.baseUri();
    return http.send(
        HttpRequest.newBuilder(base.resolve(base.getPath() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void answersTrendsAndRecommendations() throws Exception {
    HttpResponse<String> trends = get("/api/v1/trends/cpu?scope=workload&window=2h");
    assertThat(trends.statusCode()).isEqualTo(200);
    JsonNode t = mapper.readTree(trends.body()).get("data").get(0);
    assertThat(t.get("entity").get("workload").asText()).isEqualTo("Deployment/web");
    assertThat(t.get("p50").asDouble()).isCloseTo(0.5, org.assertj.core.data.Offset.offset(0.01));

    HttpResponse<String> recs = get("/api/v1/recommendations?window=1d&namespace=shop");
    assertThat(recs.statusCode()).isEqualTo(200);
    JsonNode r = mapper.readTree(recs.body()).get("data").get(0);
    assertThat(r.get("container").asText()).isEqualTo("app");
    assertThat(r.get("memory").get("recommendedRequest").asDouble()).isEqualTo((100 << 20) * 1.15);
  }

  /** Each bad path segment and parameter of both endpoints: 400 {@code bad_data} naming it. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          /api/v1/trends/disk                            | resource must be one of [cpu, memory], not 'disk'
          /api/v1/trends/cpu?scope=rack                  | scope must be one of [cluster, node, namespace, workload, pod, container], not 'rack'
          /api/v1/trends/cpu?scope=                      | scope must be one of [cluster, node, namespace, workload, pod, container], not ''
          /api/v1/trends/cpu?window=soon                 | window: 'soon' is not a duration like 30d
          /api/v1/trends/cpu?window=1                    | window: '1' is not a duration like 30d
          /api/v1/trends/cpu?window=-1d                  | window: '-1d' is not a duration like 30d
          /api/v1/trends/cpu?window=99999999999999999999d | window: '99999999999999999999d' is not a duration like 30d
          /api/v1/trends/memory?window=2y                | window: '2y' is not a duration like 30d
          /api/v1/trends/memory?window=10m               | window must be between 1h and 400d, was 10m
          /api/v1/trends/memory?window=401d              | window must be between 1h and 400d, was 401d
          /api/v1/trends/memory?window=9223372036854775807d | window must be between 1h and 400d, was 9223372036854775807d
          /api/v1/recommendations?window=0s              | window must be between 1h and 400d, was 0s
          /api/v1/recommendations?window=soon            | window: 'soon' is not a duration like 30d
          /api/v1/recommendations?window=1000d           | window must be between 1h and 400d, was 1000d
          """)
  void badParametersAreNamedWith400(String path, String message) throws Exception {
    HttpResponse<String> response = get(path);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    JsonNode body = mapper.readTree(response.body());
    assertThat(body.get("status").asText()).isEqualTo("error");
    assertThat(body.get("errorType").asText()).isEqualTo("bad_data");
    assertThat(body.get("error").asText()).isEqualTo(message);
  }
}
