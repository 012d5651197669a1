package io.tidemark.query.resources;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.junit5.DropwizardClientExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.tidemark.query.metrics.PodMetricsService;
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

@ExtendWith(DropwizardExtensionsSupport.class)
class PodMetricsResourceTest {

  private static final String BASE = "/apis/metrics.k8s.io/v1beta1";
  private static final RocksDbStore STORE = seededStore();

  private static final DropwizardClientExtension SERVER =
      new DropwizardClientExtension(
          new PodMetricsResource(
              new PodMetricsService(STORE, Clock.systemUTC(), Duration.ofMinutes(5))));

  private final ObjectMapper mapper = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  private static RocksDbStore seededStore() {
    RocksDbStore store;
    try {
      store = RocksDbStore.open(Files.createTempDirectory("tidemark-pod-metrics-test"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    long now = Instant.now().toEpochMilli();
    List<SeriesSample> batch = new ArrayList<>();
    container(batch, "shop", "web-0", "app", now, 0.1, 4620 * 1024);
    container(batch, "shop", "web-0", "proxy", now - 2_000, 0.002, 1 << 20);
    container(batch, "shop", "web-1", "app", now, 0.25, 8 << 20);
    container(batch, "batch", "job-0", "main", now, 1.5, 1L << 30);
    // The kubelet's /pods listed web-1 and job-0 (web-0 not yet): their labels as stored.
    listed(batch, "shop", "web-1", now, "app", "web", "app.kubernetes.io/name", "web");
    listed(batch, "batch", "job-0", now, "app.kubernetes.io/name", "job");
    store.append(batch);
    return store;
  }

  private static void container(
      List<SeriesSample> batch,
      String ns,
      String pod,
      String container,
      long last,
      double cores,
      long memory) {
    String[] labels = {"node", "n1", "namespace", ns, "pod", pod, "container", container};
    SeriesKey cpu = SeriesKey.of(SeriesNames.CONTAINER_CPU_USAGE_SECONDS_TOTAL, labels);
    batch.add(new SeriesSample(cpu, last - 15_000, 10));
    batch.add(new SeriesSample(cpu, last, 10 + cores * 15));
    batch.add(
        new SeriesSample(
            SeriesKey.of(SeriesNames.CONTAINER_MEMORY_WORKING_SET_BYTES, labels), last, memory));
  }

  private static void listed(
      List<SeriesSample> batch, String ns, String pod, long at, String... keysAndValues) {
    batch.add(
        new SeriesSample(
            SeriesKey.of(SeriesNames.KUBE_POD_LABELS, "node", "n1", "namespace", ns, "pod", pod),
            at,
            1));
    for (int i = 0; i < keysAndValues.length; i += 2) {
      batch.add(
          new SeriesSample(
              SeriesKey.of(
                  SeriesNames.KUBE_POD_LABEL,
                  "node",
                  "n1",
                  "namespace",
                  ns,
                  "pod",
                  pod,
                  "key",
                  keysAndValues[i],
                  "value",
                  keysAndValues[i + 1]),
              at,
              1));
    }
  }

  @AfterAll
  static void closeStore() {
    STORE.close();
  }

  private HttpResponse<String> get(String path, String accept) throws Exception {
    URI base = SERVER.baseUri();
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path));
    if (accept != null) {
      request.header("Accept", accept);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode json(String path) throws Exception {
    HttpResponse<String> response = get(path, null);
    assertThat(response.statusCode()).as(path).isEqualTo(200);
    return mapper.readTree(response.body());
  }

  private static List<String> names(JsonNode list) {
    List<String> out = new ArrayList<>();
    for (JsonNode item : list.path("items")) {
      out.add(
          item.path("metadata").path("namespace").asText()
              + "/"
              + item.path("metadata").path("name").asText());
    }
    return out;
  }

  private static String query(String name, String value) {
    return "?" + name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  @Test
  void listsPodsOfEveryNamespaceAsMetricsServerDoes() throws Exception {
    JsonNode body = json(BASE + "/pods");

    assertThat(body.path("kind").asText()).isEqualTo("PodMetricsList");
    assertThat(body.path("apiVersion").asText()).isEqualTo("metrics.k8s.io/v1beta1");
    assertThat(body.path("metadata").isObject()).isTrue();
    assertThat(names(body)).containsExactly("batch/job-0", "shop/web-0", "shop/web-1");
    JsonNode web0 = body.path("items").get(1);
    assertThat(web0.has("kind")).isFalse();
    assertThat(web0.path("window").asText()).isEqualTo("15s");
    assertThat(web0.path("metadata").has("labels")).isFalse();
    assertThat(web0.path("containers").toString())
        .isEqualTo(
            "[{\"name\":\"app\",\"usage\":{\"cpu\":\"100m\",\"memory\":\"4620Ki\"}},"
                + "{\"name\":\"proxy\",\"usage\":{\"cpu\":\"2m\",\"memory\":\"1Mi\"}}]");
  }

  @Test
  void listsPodsOfOneNamespace() throws Exception {
    assertThat(names(json(BASE + "/namespaces/shop/pods")))
        .containsExactly("shop/web-0", "shop/web-1");
    assertThat(json(BASE + "/namespaces/empty/pods").path("items")).isEmpty();
  }

  @Test
  void listHasTheFieldsOfARealMetricsServerAnswer() throws Exception {
    Path fixture = Fixtures.require("metrics-api/apache-libcloud-gke-2021-PodMetricsList.json");
    JsonNode real = mapper.readTree(Files.readString(fixture));
    JsonNode ours = json(BASE + "/pods");

    assertThat(fieldNames(ours)).isEqualTo(fieldNames(real));
    JsonNode realItem = real.path("items").get(0);
    JsonNode ourItem = ours.path("items").get(0);
    assertThat(fieldNames(ourItem)).isEqualTo(fieldNames(realItem));
    // selfLink was removed from Kubernetes in 1.20; every other metadata field is served.
    assertThat(fieldNames(ourItem.path("metadata")))
        .containsAll(without(fieldNames(realItem.path("metadata")), "selfLink"));
    JsonNode realContainer = realItem.path("containers").get(0);
    JsonNode ourContainer = ourItem.path("containers").get(0);
    assertThat(fieldNames(ourContainer)).isEqualTo(fieldNames(realContainer));
    assertThat(fieldNames(ourContainer.path("usage")))
        .isEqualTo(fieldNames(realContainer.path("usage")));
  }

  @Test
  void answersOnePodWithKindAndVersion() throws Exception {
    JsonNode body = json(BASE + "/namespaces/shop/pods/web-1");

    assertThat(body.path("kind").asText()).isEqualTo("PodMetrics");
    assertThat(body.path("apiVersion").asText()).isEqualTo("metrics.k8s.io/v1beta1");
    assertThat(body.path("metadata").path("name").asText()).isEqualTo("web-1");
    assertThat(body.path("metadata").path("namespace").asText()).isEqualTo("shop");
    assertThat(body.path("containers").get(0).path("usage").path("cpu").asText()).isEqualTo("250m");
    assertThat(body.path("containers").get(0).path("usage").path("memory").asText())
        .isEqualTo("8Mi");
  }

  @Test
  void answersAnUnknownPodWithTheStatusMetricsServerWrites() throws Exception {
    HttpResponse<String> response = get(BASE + "/namespaces/shop/pods/nope", null);

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
    assertThat(mapper.readTree(response.body()))
        .isEqualTo(
            mapper.readTree(
                """
                {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
                 "message": "podmetrics.metrics.k8s.io \\"shop/nope\\" not found",
                 "reason": "NotFound",
                 "details": {"name": "shop/nope", "group": "metrics.k8s.io", "kind": "podmetrics"},
                 "code": 404}
                """));
    // A pod that exists in another namespace is not found in this one.
    assertThat(get(BASE + "/namespaces/batch/pods/web-0", null).statusCode()).isEqualTo(404);
  }

  @Test
  void selectsPodsByFields() throws Exception {
    assertThat(names(json(BASE + "/pods" + query("fieldSelector", "metadata.name=web-0"))))
        .containsExactly("shop/web-0");
    assertThat(names(json(BASE + "/pods" + query("fieldSelector", "metadata.namespace!=shop"))))
        .containsExactly("batch/job-0");
    assertThat(
            names(
                json(
                    BASE
                        + "/namespaces/shop/pods"
                        + query("fieldSelector", "metadata.name!=web-0"))))
        .containsExactly("shop/web-1");
    assertThat(names(json(BASE + "/pods" + query("fieldSelector", "")))).hasSize(3);
  }

  @Test
  void refusesAFieldSelectorOnAnUnknownField() throws Exception {
    HttpResponse<String> response =
        get(BASE + "/pods" + query("fieldSelector", "spec.nodeName=n1"), null);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(mapper.readTree(response.body()))
        .isEqualTo(
            mapper.readTree(
                """
                {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
                 "message": "fieldSelector \\"spec.nodeName=n1\\" is invalid: \\"spec.nodeName\\" is not a known field selector: only \\"metadata.name\\", \\"metadata.namespace\\"",
                 "reason": "BadRequest", "code": 400}
                """));
  }

  /**
   * Every malformed selector on both lists (all namespaces, one namespace): 400 with a Kubernetes
   * {@code Status} naming the parameter. {@code $} stands for the list's path.
   */
  @ParameterizedTest(name = "{0} {1}={2}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          /pods                  | fieldSelector | metadata.name           | fieldSelector "metadata.name" is invalid: invalid selector: 'metadata.name'; can't understand 'metadata.name'
          /namespaces/shop/pods  | fieldSelector | metadata.name           | fieldSelector "metadata.name" is invalid: invalid selector: 'metadata.name'; can't understand 'metadata.name'
          /pods                  | fieldSelector | metadata.namespace=a\\x | fieldSelector "metadata.namespace=a\\x" is invalid: invalid field selector: invalid escape sequence: \\x in 'a\\x'
          /namespaces/shop/pods  | fieldSelector | metadata.name=a=b       | fieldSelector "metadata.name=a=b" is invalid: invalid field selector: unescaped character in value: = in 'a=b'
          /namespaces/shop/pods  | fieldSelector | status.phase=Running    | fieldSelector "status.phase=Running" is invalid: "status.phase" is not a known field selector: only "metadata.name", "metadata.namespace"
          /pods                  | labelSelector | app in (web             | labelSelector "app in (web" is invalid:
          /pods                  | labelSelector | a===                    | labelSelector "a===" is invalid:
          /namespaces/shop/pods  | labelSelector | replicas>two            | labelSelector "replicas>two" is invalid:
          /namespaces/shop/pods  | labelSelector | app=web,,tier=db        | labelSelector "app=web,,tier=db" is invalid:
          """)
  void refusesAMalformedSelectorOnEitherListNamingIt(
      String list, String parameter, String value, String message) throws Exception {
    HttpResponse<String> response = get(BASE + list + query(parameter, value), null);

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
  @CsvSource({"shop, nope", "batch, web-0", "nope, web-0", "shop, WEB-0"})
  void answersEveryUnknownPodWithNotFound(String namespace, String name) throws Exception {
    HttpResponse<String> response = get(BASE + "/namespaces/" + namespace + "/pods/" + name, null);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(404);
    JsonNode body = mapper.readTree(response.body());
    assertThat(body.path("kind").asText()).isEqualTo("Status");
    assertThat(body.path("reason").asText()).isEqualTo("NotFound");
    assertThat(body.path("message").asText())
        .isEqualTo("podmetrics.metrics.k8s.io \"" + namespace + "/" + name + "\" not found");
  }

  @Test
  void selectsPodsByTheLabelsTheKubeletsReported() throws Exception {
    assertThat(names(json(BASE + "/pods" + query("labelSelector", "app.kubernetes.io/name=web"))))
        .containsExactly("shop/web-1");
    assertThat(
            names(
                json(
                    BASE
                        + "/namespaces/shop/pods"
                        + query("labelSelector", "app=web,app.kubernetes.io/name in (web,api)"))))
        .containsExactly("shop/web-1");
    assertThat(names(json(BASE + "/pods" + query("labelSelector", "!app"))))
        .as("web-0's labels are not known: selected by no selector")
        .containsExactly("batch/job-0");
    assertThat(names(json(BASE + "/namespaces/batch/pods" + query("labelSelector", "app=web"))))
        .isEmpty();
    // An empty selector selects everything, pods with unknown labels included.
    assertThat(names(json(BASE + "/pods" + query("labelSelector", "")))).hasSize(3);
  }

  @Test
  void reportsThePodsLabels() throws Exception {
    assertThat(json(BASE + "/namespaces/shop/pods/web-1").path("metadata").path("labels"))
        .isEqualTo(mapper.readTree("{\"app\": \"web\", \"app.kubernetes.io/name\": \"web\"}"));
    JsonNode list = json(BASE + "/pods" + query("labelSelector", "app=web"));
    assertThat(list.path("items").get(0).path("metadata").path("labels").path("app").asText())
        .isEqualTo("web");
  }

  @Test
  void refusesAMalformedLabelSelectorNamingIt() throws Exception {
    for (String selector : List.of("app in (web", "app=web,", "-app=web", "tier>high")) {
      HttpResponse<String> response =
          get(BASE + "/namespaces/shop/pods" + query("labelSelector", selector), null);

      assertThat(response.statusCode()).as(selector).isEqualTo(400);
      assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
      JsonNode body = mapper.readTree(response.body());
      assertThat(body.path("kind").asText()).isEqualTo("Status");
      assertThat(body.path("status").asText()).isEqualTo("Failure");
      assertThat(body.path("reason").asText()).isEqualTo("BadRequest");
      assertThat(body.path("code").asInt()).isEqualTo(400);
      assertThat(body.path("message").asText())
          .as(selector)
          .startsWith("labelSelector \"" + selector + "\" is invalid: ")
          .contains("(at character ");
    }
  }

  @Test
  void answersPlainJsonWhateverTheClientAccepts() throws Exception {
    for (String accept :
        List.of(
            "application/vnd.kubernetes.protobuf, */*",
            "application/vnd.kubernetes.protobuf",
            "application/json;as=Table;v=v1;g=meta.k8s.io,application/json",
            "text/html")) {
      HttpResponse<String> response = get(BASE + "/pods", accept);

      assertThat(response.statusCode()).as(accept).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type"))
          .as(accept)
          .contains("application/json");
      assertThat(mapper.readTree(response.body()).path("kind").asText())
          .isEqualTo("PodMetricsList");
    }
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
