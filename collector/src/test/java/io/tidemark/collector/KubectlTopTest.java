package io.tidemark.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.core.Application;
import io.dropwizard.core.Configuration;
import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.jetty.HttpConnectorFactory;
import io.dropwizard.testing.DropwizardTestSupport;
import io.tidemark.collector.kubelet.KubeletClient;
import io.tidemark.collector.scrape.Health;
import io.tidemark.collector.scrape.Scraper;
import io.tidemark.collector.scrape.TargetStatus;
import io.tidemark.config.ScrapeConfig;
import io.tidemark.config.TargetSpec;
import io.tidemark.query.resources.MetricsApiResources;
import io.tidemark.simulator.KubeletSimulator;
import io.tidemark.simulator.SimulatorSpec;
import io.tidemark.storage.rocksdb.RocksDbStore;
import io.tidemark.testkit.Kubectl;
import io.tidemark.testkit.ManualClock;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kubectl top}, the real binary found on {@code PATH}, against Tidemark's Metrics API behind
 * a stand-in API server ({@link KubeApiFront}) that forwards {@code metrics.k8s.io} to Tidemark as
 * the aggregation layer does. Skipped, saying so, where no kubectl is on {@code PATH}.
 *
 * <p>Tidemark holds two scrapes of a simulated fleet taken ten (simulated) seconds apart; every
 * figure kubectl prints is compared with the API's JSON converted the way kubectl converts it: CPU
 * rounded up to millicores, memory down to MiB, percentages of allocatable truncated.
 */
class KubectlTopTest {

  private static final Instant START = Instant.parse("2026-11-01T12:00:00Z");
  private static final Duration PERIOD = Duration.ofSeconds(10);
  private static final long ALLOCATABLE_MILLICORES = 4_000;
  private static final long ALLOCATABLE_BYTES = 16L << 30;
  private static final String METRICS = "/apis/metrics.k8s.io/v1beta1";

  @TempDir static Path dir;

  private static final ManualClock CLOCK = new ManualClock(START);
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static KubeletSimulator simulator;
  private static RocksDbStore store;
  private static DropwizardTestSupport<Configuration> tidemark;
  private static KubeApiFront front;
  private static Kubectl kubectl;
  private static Path binary;

  /** Tidemark's Metrics API alone, registered as {@code TidemarkApplication} registers it. */
  private static final class MetricsApiApp extends Application<Configuration> {

    private final List<Object> resources;

    MetricsApiApp(List<Object> resources) {
      this.resources = resources;
    }

    @Override
    public void run(Configuration configuration, Environment environment) {
      resources.forEach(environment.jersey()::register);
    }
  }

  @BeforeAll
  static void start() throws Exception {
    Optional<Path> found = Kubectl.onPath();
    if (found.isEmpty()) {
      return; // every test reports itself skipped, see requireKubectl
    }
    binary = found.get();

    simulator = KubeletSimulator.start(new SimulatorSpec(3, 4, 11, PERIOD), CLOCK, 0);
    store = RocksDbStore.open(dir.resolve("store"));
    ScrapeConfig scrape = new ScrapeConfig();
    try (KubeletClient client = KubeletClient.create(scrape)) {
      Scraper scraper =
          new Scraper(client, store, CLOCK, scrape.getEndpoints(), scrape.getCadvisorMetrics());
      for (int round = 0; round < 2; round++) {
        CLOCK.advance(round == 0 ? Duration.ZERO : PERIOD);
        for (TargetSpec target : simulator.targets()) {
          assertThat(scraper.scrape(TargetStatus.unknown(target)).health()).isEqualTo(Health.UP);
        }
      }
    }

    List<Object> resources = MetricsApiResources.create(store, CLOCK, Duration.ofSeconds(60));
    tidemark =
        new DropwizardTestSupport<>(MetricsApiApp.class, freePorts(new Configuration())) {
          @Override
          public Application<Configuration> newApplication() {
            return new MetricsApiApp(resources);
          }
        };
    tidemark.before();
    front =
        KubeApiFront.start(
            URI.create("http://127.0.0.1:" + tidemark.getLocalPort()),
            simulator.nodeNames(),
            Map.of("cpu", "4", "memory", "16Gi"));
    kubectl = Kubectl.against(binary, front.uri(), "default", dir);
  }

  @BeforeEach
  void requireKubectl() {
    assumeTrue(kubectl != null, "no kubectl on PATH: skipping the kubectl top test");
  }

  private static Configuration freePorts(Configuration config) {
    DefaultServerFactory server = (DefaultServerFactory) config.getServerFactory();
    ((HttpConnectorFactory) server.getApplicationConnectors().get(0)).setPort(0);
    ((HttpConnectorFactory) server.getAdminConnectors().get(0)).setPort(0);
    return config;
  }

  @AfterAll
  static void stop() {
    if (front != null) {
      front.close();
    }
    if (tidemark != null) {
      tidemark.after();
    }
    if (store != null) {
      store.close();
    }
    if (simulator != null) {
      simulator.close();
    }
  }

  @Test
  void topNodePrintsEveryNodeWithTheUsageTheApiHolds() throws Exception {
    Kubectl.Result result = run("top", "node");

    List<List<String>> rows = result.rows();
    Table table = Table.of(rows.get(0));
    Map<String, List<String>> printed = new TreeMap<>();
    for (List<String> row : rows.subList(1, rows.size())) {
      printed.put(
          row.get(table.name()),
          List.of(
              row.get(table.cpu()),
              row.get(table.cpu() + 1),
              row.get(table.memory()),
              row.get(table.memory() + 1)));
    }
    Map<String, List<String>> expected = new TreeMap<>();
    for (JsonNode item : api(METRICS + "/nodes").path("items")) {
      expected.put(item.path("metadata").path("name").asText(), nodeColumns(item.path("usage")));
    }

    assertThat(expected.keySet()).containsExactlyElementsOf(simulator.nodeNames());
    assertThat(printed).isEqualTo(expected);
  }

  @Test
  void topNodeOfOneNodeReadsThatNode() throws Exception {
    String node = simulator.nodeNames().get(1);

    List<List<String>> rows = run("top", "node", node).rows();

    assertThat(rows).hasSize(2);
    Table table = Table.of(rows.get(0));
    List<String> row = rows.get(1);
    assertThat(row.get(table.name())).isEqualTo(node);
    assertThat(
            List.of(
                row.get(table.cpu()),
                row.get(table.cpu() + 1),
                row.get(table.memory()),
                row.get(table.memory() + 1)))
        .isEqualTo(nodeColumns(api(METRICS + "/nodes/" + node).path("usage")));
  }

  @Test
  void topPodOfAllNamespacesPrintsEverySimulatedPodWithTheUsageTheApiHolds() throws Exception {
    List<List<String>> rows = run("top", "pod", "-A").rows();

    Table table = Table.of(rows.get(0));
    List<List<String>> printed = new ArrayList<>();
    for (List<String> row : rows.subList(1, rows.size())) {
      printed.add(
          List.of(
              row.get(table.namespace()),
              row.get(table.name()),
              row.get(table.cpu()),
              row.get(table.memory())));
    }
    List<List<String>> expected = new ArrayList<>();
    TreeSet<String> listed = new TreeSet<>();
    for (JsonNode pod : api(METRICS + "/pods").path("items")) {
      String namespace = pod.path("metadata").path("namespace").asText();
      String name = pod.path("metadata").path("name").asText();
      expected.add(List.of(namespace, name, podCpu(pod), podMemory(pod)));
      listed.add(namespace + "/" + name);
    }

    assertThat(listed).isEqualTo(simulatedPods());
    assertThat(printed).isEqualTo(expected);
  }

  @Test
  void topPodOfOneNamespacePrintsItsPods() throws Exception {
    JsonNode all = api(METRICS + "/pods");
    Map<String, Integer> perNamespace = new TreeMap<>();
    for (JsonNode pod : all.path("items")) {
      perNamespace.merge(pod.path("metadata").path("namespace").asText(), 1, Integer::sum);
    }
    String namespace =
        perNamespace.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();

    List<List<String>> rows = run("top", "pod", "-n", namespace).rows();

    Table table = Table.of(rows.get(0));
    List<List<String>> printed = new ArrayList<>();
    for (List<String> row : rows.subList(1, rows.size())) {
      printed.add(List.of(row.get(table.name()), row.get(table.cpu()), row.get(table.memory())));
    }
    List<List<String>> expected = new ArrayList<>();
    for (JsonNode pod : api(METRICS + "/namespaces/" + namespace + "/pods").path("items")) {
      expected.add(
          List.of(pod.path("metadata").path("name").asText(), podCpu(pod), podMemory(pod)));
    }
    assertThat(expected).hasSize(perNamespace.get(namespace));
    assertThat(printed).isEqualTo(expected);
  }

  @Test
  void topPodWithContainersPrintsEachContainerOfThePod() throws Exception {
    JsonNode pod = api(METRICS + "/pods").path("items").get(0);
    String namespace = pod.path("metadata").path("namespace").asText();
    String name = pod.path("metadata").path("name").asText();

    List<List<String>> rows = run("top", "pod", name, "-n", namespace, "--containers").rows();

    List<List<String>> expected = new ArrayList<>();
    for (JsonNode container :
        api(METRICS + "/namespaces/" + namespace + "/pods/" + name).path("containers")) {
      long nanos = nanoCores(container.path("usage").path("cpu").asText());
      long bytes = bytes(container.path("usage").path("memory").asText());
      expected.add(
          List.of(name, container.path("name").asText(), millicores(nanos), mebibytes(bytes)));
    }
    assertThat(rows.get(0)).containsExactly("POD", "NAME", "CPU(cores)", "MEMORY(bytes)");
    assertThat(rows.subList(1, rows.size())).isEqualTo(expected);
  }

  @Test
  void topPodOfAMissingPodReportsMetricsServersNotFound() throws Exception {
    Kubectl.Result result = kubectl.run("top", "pod", "no-such-pod", "-n", "default");

    assertThat(result.exitCode()).as(result.stderr()).isNotZero();
    assertThat(result.stderr())
        .contains("(NotFound)")
        .contains("podmetrics.metrics.k8s.io \"default/no-such-pod\" not found");
  }

  /**
   * {@code kubectl top pod -l}, as the HPA lists pod metrics: the selector reaches Tidemark, which
   * evaluates it against the labels the simulated kubelets' {@code /pods} reported.
   */
  @Test
  void topPodWithALabelSelectorPrintsThePodsWithThoseLabels() throws Exception {
    Map<String, Map<String, String>> labels = simulatedPodLabels();
    // The Deployment with the most pods, so that the selector picks several and leaves others.
    Map<String, Integer> podsOfApp = new TreeMap<>();
    labels.values().forEach(l -> podsOfApp.merge(l.get("app"), 1, Integer::sum));
    String app =
        podsOfApp.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();

    List<List<String>> rows = run("top", "pod", "-A", "-l", "app=" + app).rows();

    Table table = Table.of(rows.get(0));
    List<List<String>> printed = new ArrayList<>();
    for (List<String> row : rows.subList(1, rows.size())) {
      printed.add(
          List.of(
              row.get(table.namespace()),
              row.get(table.name()),
              row.get(table.cpu()),
              row.get(table.memory())));
    }
    TreeSet<String> expectedPods = new TreeSet<>();
    labels.forEach(
        (pod, podLabels) -> {
          if (app.equals(podLabels.get("app"))) {
            expectedPods.add(pod);
          }
        });
    List<List<String>> expected = new ArrayList<>();
    TreeSet<String> listed = new TreeSet<>();
    for (JsonNode pod : api(METRICS + "/pods?labelSelector=app%3D" + app).path("items")) {
      String namespace = pod.path("metadata").path("namespace").asText();
      String name = pod.path("metadata").path("name").asText();
      assertThat(pod.path("metadata").path("labels").path("app").asText()).isEqualTo(app);
      expected.add(List.of(namespace, name, podCpu(pod), podMemory(pod)));
      listed.add(namespace + "/" + name);
    }

    assertThat(listed).isEqualTo(expectedPods).isNotEmpty();
    assertThat(listed.size()).isLessThan(labels.size());
    assertThat(printed).isEqualTo(expected);
  }

  @Test
  void topPodWithASetBasedSelectorInOneNamespace() throws Exception {
    Map<String, Map<String, String>> labels = simulatedPodLabels();
    // Per namespace, the pods the selector picks; the test runs in the namespace with the most.
    Map<String, TreeSet<String>> selected = new TreeMap<>();
    labels.forEach(
        (pod, podLabels) -> {
          String[] ref = pod.split("/");
          TreeSet<String> inNamespace = selected.computeIfAbsent(ref[0], ns -> new TreeSet<>());
          if (List.of("frontend", "backend").contains(podLabels.get("tier"))
              && !podLabels.containsKey("statefulset.kubernetes.io/pod-name")) {
            inNamespace.add(ref[1]);
          }
        });
    String namespace =
        selected.entrySet().stream()
            .max(Map.Entry.comparingByValue(java.util.Comparator.comparing(TreeSet::size)))
            .orElseThrow()
            .getKey();
    TreeSet<String> expected = selected.get(namespace);
    assertThat(expected).isNotEmpty();

    Kubectl.Result result =
        kubectl.run(
            "top",
            "pod",
            "-n",
            namespace,
            "-l",
            "tier in (frontend,backend),!statefulset.kubernetes.io/pod-name");

    assertThat(result.exitCode()).as(result.stderr()).isZero();
    System.out.println("$ kubectl top pod -n " + namespace + " -l ...\n" + result.stdout());
    List<List<String>> rows = result.rows();
    Table table = Table.of(rows.get(0));
    TreeSet<String> printed = new TreeSet<>();
    rows.subList(1, rows.size()).forEach(row -> printed.add(row.get(table.name())));
    assertThat(printed).isEqualTo(expected);
  }

  /**
   * Pointed at Tidemark itself, kubectl finds the Metrics API too: {@code top pod} needs nothing
   * else ({@code top node} also reads Node objects, which only the API server has).
   */
  @Test
  void topPodAlsoWorksWithTidemarkAsTheServer() throws Exception {
    Kubectl direct =
        Kubectl.against(
            binary,
            URI.create("http://127.0.0.1:" + tidemark.getLocalPort()),
            "default",
            Files.createDirectories(dir.resolve("direct")));

    Kubectl.Result result = direct.run("top", "pod", "-A");

    assertThat(result.exitCode()).as(result.stderr()).isZero();
    assertThat(result.rows()).hasSize(1 + api(METRICS + "/pods").path("items").size());
  }

  /**
   * Newer clients ask for aggregated discovery and protobuf first; behind the aggregation layer
   * those requests reach Tidemark, which must answer plain JSON for them to fall back.
   */
  @Test
  void protobufAndAggregatedDiscoveryRequestsGetPlainJson() throws Exception {
    front.clearExchanges();
    run("top", "node");
    run("top", "pod", "-A");

    List<KubeApiFront.Exchange> forwarded =
        front.exchanges().stream().filter(KubeApiFront.Exchange::forwarded).toList();
    forwarded.forEach(
        e ->
            System.out.printf(
                "%d %s %s [Accept: %s]%n", e.status(), e.contentType(), e.uri(), e.accept()));
    assertThat(forwarded)
        .extracting(e -> e.uri().replaceAll("\\?.*", ""))
        .contains("/apis", METRICS + "/nodes", METRICS + "/pods");
    for (KubeApiFront.Exchange e : forwarded) {
      assertThat(e.status()).as(e.uri()).isEqualTo(200);
      assertThat(e.contentType()).as(e.uri()).isEqualTo("application/json");
      assertThat(MAPPER.readTree(e.body()).path("kind").asText()).as(e.uri()).isNotEmpty();
    }
    boolean aggregated =
        forwarded.stream().anyMatch(e -> e.accept().contains("apidiscovery.k8s.io"));
    boolean protobuf =
        forwarded.stream()
            .anyMatch(e -> e.accept().contains("application/vnd.kubernetes.protobuf"));
    if (clientMinorVersion(forwarded) >= 31) {
      // kubectl 1.31 asks for both; older clients (Debian's 1.20) ask for plain JSON only.
      assertThat(aggregated).as("aggregated discovery asked for").isTrue();
      assertThat(protobuf).as("protobuf asked for").isTrue();
    }
  }

  private static int clientMinorVersion(List<KubeApiFront.Exchange> exchanges) {
    Pattern kubectl = Pattern.compile("kubectl/v1\\.(\\d+)");
    for (KubeApiFront.Exchange e : exchanges) {
      Matcher m = kubectl.matcher(e.userAgent());
      if (m.find()) {
        return Integer.parseInt(m.group(1));
      }
    }
    return 0;
  }

  private static Kubectl.Result run(String... args) throws Exception {
    Kubectl.Result result = kubectl.run(args);
    System.out.println("$ kubectl " + String.join(" ", args) + "\n" + result.stdout());
    assertThat(result.exitCode())
        .as("kubectl %s failed: %s", String.join(" ", args), result.stderr())
        .isZero();
    return result;
  }

  private static JsonNode api(String path) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + tidemark.getLocalPort() + path))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(path).isEqualTo(200);
    return MAPPER.readTree(response.body());
  }

  /** Every pod the simulated kubelets report, as {@code namespace/name}. */
  private static TreeSet<String> simulatedPods() throws Exception {
    TreeSet<String> pods = new TreeSet<>();
    for (String node : simulator.nodeNames()) {
      for (JsonNode pod : MAPPER.readTree(simulator.summary(node)).path("pods")) {
        JsonNode ref = pod.path("podRef");
        pods.add(ref.path("namespace").asText() + "/" + ref.path("name").asText());
      }
    }
    return pods;
  }

  /** The labels of every pod the simulated kubelets list on {@code /pods}, by namespace/name. */
  private static Map<String, Map<String, String>> simulatedPodLabels() throws Exception {
    Map<String, Map<String, String>> out = new TreeMap<>();
    for (String node : simulator.nodeNames()) {
      for (JsonNode pod : MAPPER.readTree(simulator.pods(node)).path("items")) {
        JsonNode metadata = pod.path("metadata");
        Map<String, String> labels = new TreeMap<>();
        metadata
            .path("labels")
            .properties()
            .forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
        out.put(metadata.path("namespace").asText() + "/" + metadata.path("name").asText(), labels);
      }
    }
    return out;
  }

  /** CPU, CPU%, memory and memory% as {@code kubectl top node} prints them. */
  private static List<String> nodeColumns(JsonNode usage) {
    long nanos = nanoCores(usage.path("cpu").asText());
    long bytes = bytes(usage.path("memory").asText());
    long milli = millis(nanos);
    return List.of(
        millicores(nanos),
        percent(milli, ALLOCATABLE_MILLICORES),
        mebibytes(bytes),
        percent(bytes * 1000, ALLOCATABLE_BYTES * 1000));
  }

  private static String podCpu(JsonNode pod) {
    long nanos = 0;
    for (JsonNode container : pod.path("containers")) {
      nanos += nanoCores(container.path("usage").path("cpu").asText());
    }
    return millicores(nanos);
  }

  private static String podMemory(JsonNode pod) {
    long bytes = 0;
    for (JsonNode container : pod.path("containers")) {
      bytes += bytes(container.path("usage").path("memory").asText());
    }
    return mebibytes(bytes);
  }

  /** kubectl prints {@code Quantity.MilliValue()}, which rounds up. */
  private static long millis(long nanos) {
    return (nanos + 999_999) / 1_000_000;
  }

  private static String millicores(long nanos) {
    return millis(nanos) + "m";
  }

  /** kubectl prints {@code Value() / (1024 * 1024)}: whole MiB, rounded down. */
  private static String mebibytes(long bytes) {
    return (bytes >> 20) + "Mi";
  }

  /** kubectl prints {@code int64(float64(used milli) / float64(available milli) * 100)}. */
  private static String percent(long usedMilli, long availableMilli) {
    return (long) ((double) usedMilli / (double) availableMilli * 100) + "%";
  }

  /** A decimal CPU quantity as the API writes it ({@code 123456n}, {@code 250m}, {@code 2}). */
  static long nanoCores(String quantity) {
    return new BigDecimal(quantity.replaceAll("[numk]$", ""))
        .scaleByPowerOfTen(9 + decimalExponent(quantity))
        .longValueExact();
  }

  private static int decimalExponent(String quantity) {
    return switch (quantity.charAt(quantity.length() - 1)) {
      case 'n' -> -9;
      case 'u' -> -6;
      case 'm' -> -3;
      case 'k' -> 3;
      default -> 0;
    };
  }

  /** A binary memory quantity as the API writes it ({@code 4620Ki}, {@code 3Gi}, {@code 1536}). */
  static long bytes(String quantity) {
    String[] suffixes = {"Ki", "Mi", "Gi", "Ti"};
    for (int i = 0; i < suffixes.length; i++) {
      if (quantity.endsWith(suffixes[i])) {
        return Long.parseLong(quantity.substring(0, quantity.length() - 2)) << (10 * (i + 1));
      }
    }
    return Long.parseLong(quantity);
  }

  /** Where the columns of a {@code kubectl top} table are; a percentage follows its figure. */
  private record Table(int namespace, int name, int cpu, int memory) {

    static Table of(List<String> header) {
      return new Table(
          header.indexOf("NAMESPACE"),
          header.indexOf("NAME"),
          header.indexOf("CPU(cores)"),
          header.indexOf("MEMORY(bytes)"));
    }
  }
}
