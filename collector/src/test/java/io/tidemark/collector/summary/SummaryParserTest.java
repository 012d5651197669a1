package io.tidemark.collector.summary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidemark.storage.SeriesKey;
import io.tidemark.storage.SeriesSample;
import io.tidemark.testkit.Fixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SummaryParserTest {

  private final SummaryParser parser = new SummaryParser();

  private List<SeriesSample> parse(byte[] payload) throws SummaryParseException {
    List<SeriesSample> out = new ArrayList<>();
    parser.parse(payload, "n1", (s, ts, v) -> out.add(new SeriesSample(s, ts, v)));
    return out;
  }

  private List<SeriesSample> parseFixture(String name) throws Exception {
    return parse(Files.readAllBytes(Fixtures.require("kubelet/stats-summary/" + name)));
  }

  private static Optional<SeriesSample> find(List<SeriesSample> samples, SeriesKey key) {
    return samples.stream().filter(s -> s.series().equals(key)).findFirst();
  }

  private static long millis(String time) {
    return Instant.parse(time).toEpochMilli();
  }

  @Test
  void readsNodeAndContainerFiguresOfKubernetes135() throws Exception {
    List<SeriesSample> samples = parseFixture("newrelic-nri-kubernetes-k8s-1.35.0-containerd.json");

    assertThat(find(samples, SeriesKey.of("node_cpu_usage_seconds_total", "node", "n1")))
        .contains(
            new SeriesSample(
                SeriesKey.of("node_cpu_usage_seconds_total", "node", "n1"),
                millis("2026-06-26T10:14:35Z"),
                62.148052));
    assertThat(find(samples, SeriesKey.of("node_memory_working_set_bytes", "node", "n1")))
        .get()
        .extracting(SeriesSample::value)
        .isEqualTo(917110784.0);
    SeriesKey kcm =
        SeriesKey.of(
            "container_memory_working_set_bytes",
            "node",
            "n1",
            "namespace",
            "kube-system",
            "pod",
            "kube-controller-manager-datagen-1-35",
            "container",
            "kube-controller-manager");
    assertThat(find(samples, kcm))
        .contains(new SeriesSample(kcm, millis("2026-06-26T10:14:29Z"), 66174976.0));
    SeriesKey kcmCpu =
        SeriesKey.of(
            "container_cpu_usage_seconds_total",
            "node",
            "n1",
            "namespace",
            "kube-system",
            "pod",
            "kube-controller-manager-datagen-1-35",
            "container",
            "kube-controller-manager");
    assertThat(find(samples, kcmCpu)).get().extracting(SeriesSample::value).isEqualTo(1.877547);
    SeriesKey podCpu =
        SeriesKey.of(
            "pod_cpu_usage_seconds_total",
            "node",
            "n1",
            "namespace",
            "kube-system",
            "pod",
            "kube-controller-manager-datagen-1-35");
    assertThat(find(samples, podCpu))
        .contains(new SeriesSample(podCpu, millis("2026-06-26T10:14:38Z"), 1.944284));
    assertThat(
            find(
                samples,
                SeriesKey.of(
                    "container_pressure_cpu_waiting_seconds_total",
                    "node",
                    "n1",
                    "namespace",
                    "kube-system",
                    "pod",
                    "kube-controller-manager-datagen-1-35",
                    "container",
                    "kube-controller-manager")))
        .get()
        .extracting(SeriesSample::value)
        .isEqualTo(0.179184);
    assertThat(find(samples, SeriesKey.of("node_fs_used_bytes", "node", "n1", "fs", "root")))
        .get()
        .extracting(SeriesSample::value)
        .isEqualTo(106943070208.0);
    assertThat(
            find(
                samples,
                SeriesKey.of(
                    "node_network_receive_bytes_total", "node", "n1", "interface", "eth0")))
        .get()
        .extracting(SeriesSample::value)
        .isEqualTo(772921510.0);
    assertThat(find(samples, SeriesKey.of("node_rlimit_max_pids", "node", "n1")))
        .get()
        .extracting(SeriesSample::timestampMillis)
        .isEqualTo(millis("2026-06-26T10:14:40Z"));
    assertThat(
            find(
                samples,
                SeriesKey.of(
                    "node_system_container_memory_working_set_bytes",
                    "node",
                    "n1",
                    "system_container",
                    "kubelet")))
        .get()
        .extracting(SeriesSample::value)
        .isEqualTo(51752960.0);
  }

  @Test
  void readsThe2018PayloadWithTwoContainersInAPod() throws Exception {
    List<SeriesSample> samples =
        parseFixture("newrelic-nri-kubernetes-minikube-2018-pre1.11-docker.json");

    assertThat(find(samples, SeriesKey.of("node_cpu_usage_seconds_total", "node", "n1")))
        .contains(
            new SeriesSample(
                SeriesKey.of("node_cpu_usage_seconds_total", "node", "n1"),
                millis("2018-03-02T13:42:44Z"),
                22332.102208229));
    SeriesKey resizer =
        SeriesKey.of(
            "container_memory_working_set_bytes",
            "node",
            "n1",
            "namespace",
            "kube-system",
            "pod",
            "kube-state-metrics-57f4659995-6n2qq",
            "container",
            "addon-resizer");
    assertThat(find(samples, resizer))
        .contains(new SeriesSample(resizer, millis("2018-03-02T13:42:51Z"), 6270976.0));
  }

  static Stream<String> summaryFixtures() throws Exception {
    Path root = Fixtures.root();
    if (root == null) {
      return Stream.of("(fixtures absent)");
    }
    try (Stream<Path> files = Files.list(root.resolve("kubelet/stats-summary"))) {
      return files.map(f -> f.getFileName().toString()).sorted().toList().stream();
    }
  }

  /**
   * For each shared payload, figures read by the streaming parser agree with the same figures read
   * through Jackson's tree model: node CPU and memory, each pod's first container's working set and
   * CPU, and each pod's network interfaces, values and timestamps alike.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("summaryFixtures")
  void readsTheFiguresOfEveryPayload(String file) throws Exception {
    byte[] bytes = Files.readAllBytes(Fixtures.require("kubelet/stats-summary/" + file));
    List<SeriesSample> samples = parse(bytes);
    JsonNode tree = new ObjectMapper().readTree(bytes);

    JsonNode node = tree.path("node");
    assertFigure(
        samples,
        SeriesKey.of("node_cpu_usage_seconds_total", "node", "n1"),
        node.path("cpu"),
        "usageCoreNanoSeconds",
        1e9);
    assertFigure(
        samples,
        SeriesKey.of("node_memory_working_set_bytes", "node", "n1"),
        node.path("memory"),
        "workingSetBytes",
        1);
    int containers = 0;
    for (JsonNode pod : tree.path("pods")) {
      String ns = pod.path("podRef").path("namespace").asText();
      String name = pod.path("podRef").path("name").asText();
      JsonNode first = pod.path("containers").path(0);
      if (!first.isMissingNode()) {
        String c = first.path("name").asText();
        assertFigure(
            samples,
            SeriesKey.of(
                "container_memory_working_set_bytes",
                "node",
                "n1",
                "namespace",
                ns,
                "pod",
                name,
                "container",
                c),
            first.path("memory"),
            "workingSetBytes",
            1);
        assertFigure(
            samples,
            SeriesKey.of(
                "container_cpu_usage_seconds_total",
                "node",
                "n1",
                "namespace",
                ns,
                "pod",
                name,
                "container",
                c),
            first.path("cpu"),
            "usageCoreNanoSeconds",
            1e9);
      }
      containers += pod.path("containers").size();
      for (JsonNode iface : pod.path("network").path("interfaces")) {
        assertThat(
                find(
                    samples,
                    SeriesKey.of(
                        "pod_network_receive_bytes_total",
                        "node",
                        "n1",
                        "namespace",
                        ns,
                        "pod",
                        name,
                        "interface",
                        iface.path("name").asText())))
            .get()
            .extracting(SeriesSample::value)
            .isEqualTo(iface.path("rxBytes").asDouble());
      }
    }
    assertThat(
            samples.stream()
                .filter(s -> s.series().metric().equals("container_start_time_seconds")))
        .hasSize(containers);
  }

  private static void assertFigure(
      List<SeriesSample> samples, SeriesKey key, JsonNode stats, String field, double divisor) {
    if (!stats.has(field) || !stats.has("time")) {
      assertThat(find(samples, key)).as(key.toString()).isEmpty();
      return;
    }
    assertThat(find(samples, key))
        .as(key.toString())
        .contains(
            new SeriesSample(
                key, millis(stats.path("time").asText()), stats.path(field).asDouble() / divisor));
  }

  @Test
  void rejectsTruncatedPayloadSayingWhere() throws Exception {
    byte[] whole =
        Files.readAllBytes(
            Fixtures.require(
                "kubelet/stats-summary/newrelic-nri-kubernetes-k8s-1.35.0-containerd.json"));
    byte[] half = Arrays.copyOf(whole, whole.length / 2);

    assertThatThrownBy(() -> parse(half))
        .isInstanceOf(SummaryParseException.class)
        .hasMessageStartingWith("malformed /stats/summary at line ")
        .hasMessageContaining("column")
        .hasMessageNotContaining("Source");
  }

  @Test
  void rejectsSomethingThatIsNotJson() {
    assertThatThrownBy(() -> parse("<html>502</html>".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(SummaryParseException.class)
        .hasMessageContaining("line 1, column 1");
  }

  @Test
  void rejectsJsonThatIsNotAnObject() {
    assertThatThrownBy(() -> parse("[1,2]".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(SummaryParseException.class)
        .hasMessageContaining("expected a JSON object at the top level");
  }

  @Test
  void rejectsAnInvalidTimestampNamingIt() {
    String json = "{\"node\":{\"cpu\":{\"time\":\"yesterday\",\"usageCoreNanoSeconds\":5}}}";
    assertThatThrownBy(() -> parse(json.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(SummaryParseException.class)
        .hasMessageContaining("'yesterday' is not an RFC 3339 timestamp");
  }

  @Test
  void readsEachTimeOfItsOwnAfterOthersAndRejectsABadOneAfterAGoodOne() throws Exception {
    String json =
        """
        {"node": {"cpu": {"time": "2026-01-01T00:00:00Z", "usageCoreNanoSeconds": 1},
                  "memory": {"time": "2026-01-01T00:00:09Z", "workingSetBytes": 2},
                  "swap": {"time": "2026-01-01T00:00:09Z", "swapUsageBytes": 3}}}
        """;
    assertThat(parse(json.getBytes(StandardCharsets.UTF_8)))
        .extracting(SeriesSample::timestampMillis)
        .containsExactly(
            millis("2026-01-01T00:00:00Z"),
            millis("2026-01-01T00:00:09Z"),
            millis("2026-01-01T00:00:09Z"));

    String bad =
        json.replace(
            "\"time\": \"2026-01-01T00:00:09Z\", \"swapUsageBytes\"",
            "\"time\": \"2026-01-01T00:00:9ZZ\", \"swapUsageBytes\"");
    assertThat(bad).isNotEqualTo(json);
    assertThatThrownBy(() -> parse(bad.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(SummaryParseException.class)
        .hasMessageContaining("'2026-01-01T00:00:9ZZ' is not an RFC 3339 timestamp");
  }

  @Test
  void skipsUnknownFieldsNullsAndFiguresWithoutTime() throws Exception {
    String json =
        """
        {"future": {"a": [1, {"b": null}]},
         "node": {"nodeName": "x", "extra": [1, 2],
                  "cpu": {"usageCoreNanoSeconds": 5},
                  "memory": {"time": "2026-01-01T00:00:00Z", "workingSetBytes": null}},
         "pods": [
           {"containers": [{"name": "c", "cpu": {"time": "2026-01-01T00:00:00Z",
                                                 "usageCoreNanoSeconds": 1}}]},
           {"podRef": {"name": "p", "namespace": "ns", "uid": "u"},
            "containers": [{"memory": {"time": "2026-01-01T00:00:00.5Z",
                                       "workingSetBytes": 4096},
                            "name": "late-name"}]}
         ]}
        """;

    List<SeriesSample> samples = parse(json.getBytes(StandardCharsets.UTF_8));

    assertThat(samples)
        .containsExactly(
            new SeriesSample(
                SeriesKey.of(
                    "container_memory_working_set_bytes",
                    "node",
                    "n1",
                    "namespace",
                    "ns",
                    "pod",
                    "p",
                    "container",
                    "late-name"),
                millis("2026-01-01T00:00:00.500Z"),
                4096));
  }
}
