package io.tidemark.collector.resources;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.junit5.DropwizardClientExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.tidemark.collector.scrape.Health;
import io.tidemark.collector.scrape.TargetStatus;
import io.tidemark.config.TargetSpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code /api/v1/targets} over real HTTP. It takes no parameter: whatever the URL carries, the
 * answer is the list, and a method it does not serve is a 4xx, never a 500.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class TargetsResourceTest {

  private static final TargetSpec NODE_1 =
      new TargetSpec("node-1", URI.create("https://10.0.0.1:10250"));
  private static final TargetSpec NODE_2 =
      new TargetSpec("node-2", URI.create("https://10.0.0.2:10250"));

  private static final List<TargetStatus> STATUSES =
      List.of(
          new TargetStatus(
              NODE_1,
              Health.DOWN,
              Instant.parse("2026-11-20T12:00:00.123456Z"),
              Duration.ofMillis(250),
              "connection refused",
              0,
              0,
              3,
              2,
              2),
          TargetStatus.unknown(NODE_2));

  private static final DropwizardClientExtension SERVER =
      new DropwizardClientExtension(new TargetsResource(() -> STATUSES));

  private final ObjectMapper mapper = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> send(String method, String pathAndQuery) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(SERVER.baseUri() + pathAndQuery))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void listsEveryTargetWithItsLatestScrape() throws Exception {
    HttpResponse<String> response = send("GET", "/api/v1/targets");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = mapper.readTree(response.body());
    assertThat(body.path("status").asText()).isEqualTo("success");
    JsonNode targets = body.path("data").path("activeTargets");
    assertThat(targets).hasSize(2);
    JsonNode down = targets.get(0);
    assertThat(down.path("node").asText()).isEqualTo("node-1");
    assertThat(down.path("scrapeUrl").asText()).isEqualTo("https://10.0.0.1:10250");
    assertThat(down.path("labels").toString()).isEqualTo("{\"node\":\"node-1\"}");
    assertThat(down.path("health").asText()).isEqualTo("down");
    assertThat(down.path("lastError").asText()).isEqualTo("connection refused");
    assertThat(down.path("lastScrape").asText()).isEqualTo("2026-11-20T12:00:00.123Z");
    assertThat(down.path("lastScrapeDuration").asDouble()).isEqualTo(0.25);
    assertThat(down.path("consecutiveFailures").asInt()).isEqualTo(2);
    JsonNode unknown = targets.get(1);
    assertThat(unknown.path("health").asText()).isEqualTo("unknown");
    assertThat(unknown.path("lastError").asText()).isEmpty();
    assertThat(unknown.path("lastScrape").isNull()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"state=active", "state=nonsense", "scrapePool=%25ZZ", "limit=-1"})
  void ignoresParametersItDoesNotTake(String query) throws Exception {
    HttpResponse<String> response = send("GET", "/api/v1/targets?" + query);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(mapper.readTree(response.body()).path("data").path("activeTargets")).hasSize(2);
  }

  @ParameterizedTest
  @ValueSource(strings = {"POST", "PUT", "DELETE"})
  void refusesOtherMethodsWith405(String method) throws Exception {
    assertThat(send(method, "/api/v1/targets").statusCode()).isEqualTo(405);
  }
}
