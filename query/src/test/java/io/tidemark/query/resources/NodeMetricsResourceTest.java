package io.tidemark.query.resources;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.junit5.DropwizardClientExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.tidemark.query.metrics.NodeMetricsService;
import io.tidemark.query.series.SeriesNames;
import io.tidemark.storage.SeriesKey;
import io.tidemark.storage.SeriesSample;
import io.tidemark.storage.rocksdb.RocksDbStore;
import io.tidemark.testkit.Fixtures;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@ExtendWith(DropwizardExtensionsSupport.class)
class NodeMetricsResourceTest {

  private static final Path DIR = createTempDir();
  private static final RocksDbStore STORE = seededStore();

  private static final DropwizardClientExtension SERVER =
      new DropwizardClientExtension(
          new NodeMetricsResource(
              new NodeMetricsService(STORE, Clock.systemUTC(), Duration.ofMinutes(5))),
          new TsdbStatusResource(STORE));

  private final ObjectMapper mapper = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  private static Path createTempDir() {
    try {
      return Files.createTempDirectory("tidemark-query-test");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static RocksDbStore seededStore() {
    RocksDbStore store = RocksDbStore.open(DIR);
    long now = Instant.now().toEpochMilli();
    List<SeriesSample> batch = new ArrayList<>();
    for (String node : List.of("worker-1", "worker-2")) {
      batch.add(sample(SeriesNames.NODE_CPU_USAGE_SECONDS_TOTAL, node, now - 15_000, 10));
      batch.add(sample(SeriesNames.NODE_CPU_USAGE_SECONDS_TOTAL, node, now, 11.5));
      batch.add(sample(SeriesNames.NODE_MEMORY_WORKING_SET_BYTES, node, now, 4620 * 1024));
    }
    store.append(batch);
    return store;
  }

  private static SeriesSample sample(String metric, String node, long ts, double value) {
    return new SeriesSample(SeriesKey.of(metric, "node", node), ts, value);
  }

  @AfterAll
  static void closeStore() {
    STORE.close();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return get(path, "application/json");
  }

  private HttpResponse<String> get(String path, String accept) throws Exception {
    URI base = SERVER.baseUri();
    return http.send(
        HttpRequest.newBuilder(URI.create(base + path)).header("Accept", accept).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private java.util.List<String> names(String path) throws Exception {
    HttpResponse<String> response = get(path);
    assertThat(response.statusCode()).as(path).isEqualTo(200);
    return mapper.readTree(response.body()).path("items").findValuesAsText("name");
  }

  @Test
  void listsNodesAsMetricsServerDoes() throws Exception {
    HttpResponse<String> response = get("/apis/metrics.k8s.io/v1beta1/nodes");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = mapper.readTree(response.body());
    assertThat(body.path("kind").asText()).isEqualTo("NodeMetricsList");
    assertThat(body.path("apiVersion").asText()).isEqualTo("metrics.k8s.io/v1beta1");
    assertThat(body.path("items")).hasSize(2);
    JsonNode first = body.path("items").get(0);
    assertThat(first.path("metadata").path("name").asText()).isEqualTo("worker-1");
    assertThat(first.path("window").asText()).isEqualTo("15s");
    assertThat(first.path("usage").path("cpu").asText()).isEqualTo("100m");
    assertThat(first.path("usage").path("memory").asText()).isEqualTo("4620Ki");
    assertThat(first.has("kind")).isFalse();
  }

  @Test
  void listHasTheFieldsOfARealMetricsServerAnswer() throws Exception {
    Path fixture = Fixtures.require("metrics-api/apache-libcloud-gke-2021-NodeMetricsList.json");
    JsonNode real = mapper.readTree(Files.readString(fixture));
    JsonNode ours = mapper.readTree(get("/apis/metrics.k8s.io/v1beta1/nodes").body());

    assertThat(fieldNames(ours)).containsAll(without(fieldNames(real), "metadata"));
    JsonNode realItem = real.path("items").get(0);
    JsonNode ourItem = ours.path("items").get(0);
    assertThat(fieldNames(ourItem)).isEqualTo(fieldNames(realItem));
    assertThat(fieldNames(ourItem.path("usage"))).isEqualTo(fieldNames(realItem.path("usage")));
    // selfLink was removed from Kubernetes in 1.20; every other metadata field is served.
    assertThat(fieldNames(ourItem.path("metadata")))
        .containsAll(without(fieldNames(realItem.path("metadata")), "selfLink"));
  }

  @Test
  void answersOneNodeWithKindAndVersion() throws Exception {
    JsonNode body = mapper.readTree(get("/apis/metrics.k8s.io/v1beta1/nodes/worker-2").body());

    assertThat(body.path("kind").asText()).isEqualTo("NodeMetrics");
    assertThat(body.path("apiVersion").asText()).isEqualTo("metrics.k8s.io/v1beta1");
    assertThat(body.path("metadata").path("name").asText()).isEqualTo("worker-2");
  }

  @Test
  void answersUnknownNodeWithKubernetesNotFoundStatus() throws Exception {
    HttpResponse<String> response = get("/apis/metrics.k8s.io/v1beta1/nodes/nope");

    assertThat(response.statusCode()).isEqualTo(404);
    JsonNode body = mapper.readTree(response.body());
    assertThat(body.path("kind").asText()).isEqualTo("Status");
    assertThat(body.path("reason").asText()).isEqualTo("NotFound");
    assertThat(body.path("code").asInt()).isEqualTo(404);
    assertThat(body.path("message").asText())
        .isEqualTo("nodemetrics.metrics.k8s.io \"nope\" not found");
    assertThat(body.path("status").asText()).isEqualTo("Failure");
    assertThat(body.path("details").toString())
        .isEqualTo("{\"name\":\"nope\",\"group\":\"metrics.k8s.io\",\"kind\":\"nodemetrics\"}");
  }

  @Test
  void selectsNodesByNameField() throws Exception {
    String nodes = "/apis/metrics.k8s.io/v1beta1/nodes";

    assertThat(names(nodes + "?fieldSelector=metadata.name%3Dworker-2"))
        .containsExactly("worker-2");
    assertThat(names(nodes + "?fieldSelector=metadata.name%3D%3Dworker-2"))
        .containsExactly("worker-2");
    assertThat(names(nodes + "?fieldSelector=metadata.name!%3Dworker-2"))
        .containsExactly("worker-1");
    assertThat(names(nodes + "?fieldSelector=metadata.name%3Dnope")).isEmpty();
  }

  /**
   * A selector that does not parse, names another field, or is a label selector (node labels are
   * not stored): 400 with a Kubernetes {@code Status} naming the parameter.
   */
  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          labelSelector | kubernetes.io/os=linux          | labelSelector "kubernetes.io/os=linux" cannot be evaluated: Tidemark does not know the labels of nodes (kubelets do not report them); only an empty labelSelector is supported
          labelSelector | app in (web                     | labelSelector "app in (web" cannot be evaluated
          fieldSelector | spec.unschedulable=false        | fieldSelector "spec.unschedulable=false" is invalid: "spec.unschedulable" is not a known field selector: only "metadata.name", "metadata.namespace"
          fieldSelector | worker-1                        | fieldSelector "worker-1" is invalid: invalid selector: 'worker-1'; can't understand 'worker-1'
          fieldSelector | metadata.name=a\\q              | fieldSelector "metadata.name=a\\q" is invalid: invalid field selector: invalid escape sequence: \\q in 'a\\q'
          fieldSelector | metadata.name=a=b               | fieldSelector "metadata.name=a=b" is invalid: invalid field selector: unescaped character in value: = in 'a=b'
          fieldSelector | metadata.name=worker-1,bad      | fieldSelector "metadata.name=worker-1,bad" is invalid: invalid selector: 'metadata.name=worker-1,bad'; can't understand 'bad'
          """)
  void refusesSelectorsItCannotEvaluateNamingThem(String parameter, String value, String message)
      throws Exception {
    HttpResponse<String> response =
        get(
            "/apis/metrics.k8s.io/v1beta1/nodes?"
                + parameter
                + "="
                + URLEncoder.encode(value, StandardCharsets.UTF_8));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
    JsonNode body = mapper.readTree(response.body());
    assertThat(body.path("kind").asText()).isEqualTo("Status");
    assertThat(body.path("status").asText()).isEqualTo("Failure");
    assertThat(body.path("reason").asText()).isEqualTo("BadRequest");
    assertThat(body.path("code").asInt()).isEqualTo(400);
    assertThat(body.path("message").asText()).startsWith(message);
  }

  @ParameterizedTest
  @ValueSource(strings = {"nope", "worker-1.", "WORKER-1", " "})
  void answersEveryUnknownNodeWithNotFound(String name) throws Exception {
    HttpResponse<String> response =
        get(
            "/apis/metrics.k8s.io/v1beta1/nodes/"
                + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20"));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(404);
    JsonNode body = mapper.readTree(response.body());
    assertThat(body.path("kind").asText()).isEqualTo("Status");
    assertThat(body.path("reason").asText()).isEqualTo("NotFound");
    assertThat(body.path("message").asText())
        .isEqualTo("nodemetrics.metrics.k8s.io \"" + name + "\" not found");
  }

  @Test
  void answersPlainJsonToAProtobufClient() throws Exception {
    for (String path :
        java.util.List.of(
            "/apis/metrics.k8s.io/v1beta1/nodes",
            "/apis/metrics.k8s.io/v1beta1/nodes/worker-1",
            "/apis/metrics.k8s.io/v1beta1/nodes/nope")) {
      HttpResponse<String> response = get(path, "application/vnd.kubernetes.protobuf, */*");

      assertThat(response.statusCode()).as(path).isLessThan(500).isNotEqualTo(406);
      assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
      assertThat(mapper.readTree(response.body()).path("kind").asText()).isNotEmpty();
    }
  }

  @Test
  void reportsStoreStatus() throws Exception {
    JsonNode body = mapper.readTree(get("/api/v1/status/tsdb").body());

    assertThat(body.path("status").asText()).isEqualTo("success");
    assertThat(body.path("data").path("series").asLong()).isEqualTo(4);
    assertThat(body.path("data").path("samplesIngested").asLong()).isEqualTo(6);
    assertThat(body.path("data").path("bytesOnDisk").asLong()).isPositive();
    assertThat(body.path("data").path("bytesPerSample").asDouble()).isPositive();
  }

  private static TreeSet<String> fieldNames(JsonNode node) {
    TreeSet<String> names = new TreeSet<>();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    return names;
  }

  private static TreeSet<String> without(TreeSet<String> names, String name) {
    TreeSet<String> copy = new TreeSet<>(names);
    copy.remove(name);
    return copy;
  }
}
