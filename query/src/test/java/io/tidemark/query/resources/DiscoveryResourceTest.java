package io.tidemark.query.resources;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.junit5.DropwizardClientExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.tidemark.storage.rocksdb.RocksDbStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The discovery documents, with every resource of the Metrics API registered as in production. */
@ExtendWith(DropwizardExtensionsSupport.class)
class DiscoveryResourceTest {

  /** What kubectl 1.31 sends first for {@code /api} and {@code /apis}. */
  private static final String AGGREGATED =
      "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,"
          + "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,"
          + "application/json";

  private static final RocksDbStore STORE = open();

  private static final DropwizardClientExtension SERVER =
      new DropwizardClientExtension(
          resources(
              MetricsApiResources.create(STORE, Clock.systemUTC(), Duration.ofMinutes(1)),
              new TsdbStatusResource(STORE)));

  private final ObjectMapper mapper = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  private static Object[] resources(List<Object> metricsApi, Object other) {
    List<Object> all = new ArrayList<>(metricsApi);
    all.add(other);
    return all.toArray();
  }

  private static RocksDbStore open() {
    try {
      return RocksDbStore.open(Files.createTempDirectory("tidemark-discovery-test"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @AfterAll
  static void closeStore() {
    STORE.close();
  }

  private HttpResponse<String> get(String path, String accept) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(SERVER.baseUri() + path))
            .header("Accept", accept)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The body of a 200 answer, which must be plain JSON so that clients fall back to it. */
  private JsonNode plainJson(String path, String accept) throws Exception {
    HttpResponse<String> response = get(path, accept);
    assertThat(response.statusCode()).as(path + " with " + accept).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .as(path + " with " + accept)
        .contains("application/json");
    return mapper.readTree(response.body());
  }

  @Test
  void listsTheMetricsGroupAtApis() throws Exception {
    JsonNode expected =
        mapper.readTree(
            """
            {"kind": "APIGroupList", "apiVersion": "v1", "groups": [
              {"name": "metrics.k8s.io",
               "versions": [{"groupVersion": "metrics.k8s.io/v1beta1", "version": "v1beta1"}],
               "preferredVersion": {"groupVersion": "metrics.k8s.io/v1beta1", "version": "v1beta1"}}]}
            """);

    assertThat(plainJson("/apis", "application/json, */*")).isEqualTo(expected);
    assertThat(plainJson("/apis", AGGREGATED)).isEqualTo(expected);
  }

  @Test
  void describesTheGroupAtItsOwnPath() throws Exception {
    assertThat(plainJson("/apis/metrics.k8s.io", AGGREGATED))
        .isEqualTo(
            mapper.readTree(
                """
                {"kind": "APIGroup", "apiVersion": "v1", "name": "metrics.k8s.io",
                 "versions": [{"groupVersion": "metrics.k8s.io/v1beta1", "version": "v1beta1"}],
                 "preferredVersion": {"groupVersion": "metrics.k8s.io/v1beta1", "version": "v1beta1"}}
                """));
  }

  @Test
  void listsNodesAndPodsAsMetricsServerDoes() throws Exception {
    JsonNode expected =
        mapper.readTree(
            """
            {"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": "metrics.k8s.io/v1beta1",
             "resources": [
               {"name": "nodes", "singularName": "node", "namespaced": false, "kind": "NodeMetrics",
                "verbs": ["get", "list"]},
               {"name": "pods", "singularName": "", "namespaced": true, "kind": "PodMetrics",
                "verbs": ["get", "list"]}]}
            """);

    assertThat(plainJson("/apis/metrics.k8s.io/v1beta1", "application/json, */*"))
        .isEqualTo(expected);
    assertThat(
            plainJson(
                "/apis/metrics.k8s.io/v1beta1",
                "application/vnd.kubernetes.protobuf,application/json"))
        .isEqualTo(expected);
  }

  @Test
  void servesNoCoreVersionAtApi() throws Exception {
    JsonNode body = plainJson("/api", AGGREGATED);

    assertThat(body.path("kind").asText()).isEqualTo("APIVersions");
    assertThat(body.has("apiVersion")).isFalse();
    assertThat(body.path("versions")).isEmpty();
    JsonNode address = body.path("serverAddressByClientCIDRs").get(0);
    assertThat(address.path("clientCIDR").asText()).isEqualTo("0.0.0.0/0");
    assertThat(address.path("serverAddress").asText())
        .isEqualTo(SERVER.baseUri().getHost() + ":" + SERVER.baseUri().getPort());
  }

  @Test
  void leavesTheRestOfApiV1ToItsOwnResources() throws Exception {
    assertThat(plainJson("/api/v1/status/tsdb", "application/json").path("status").asText())
        .isEqualTo("success");
  }

  @Test
  void leavesNodesAndPodsToTheirResources() throws Exception {
    assertThat(plainJson("/apis/metrics.k8s.io/v1beta1/nodes", "*/*").path("kind").asText())
        .isEqualTo("NodeMetricsList");
    assertThat(plainJson("/apis/metrics.k8s.io/v1beta1/pods", "*/*").path("kind").asText())
        .isEqualTo("PodMetricsList");
    assertThat(get("/apis/metrics.k8s.io/v1beta1/nodes/n1", "*/*").statusCode()).isEqualTo(404);
  }
}
