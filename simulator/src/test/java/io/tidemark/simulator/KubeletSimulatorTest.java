package io.tidemark.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidemark.query.format.Quantity;
import io.tidemark.testkit.Fixtures;
import io.tidemark.testkit.ManualClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class KubeletSimulatorTest {

  private static final Instant START = Instant.parse("2026-11-01T00:00:00Z");
  private final ObjectMapper mapper = new ObjectMapper();

  private static KubeletSimulator start(int nodes, int pods, long seed, ManualClock clock)
      throws Exception {
    return KubeletSimulator.start(
        new SimulatorSpec(nodes, pods, seed, Duration.ofSeconds(10)), clock, 0);
  }

  @Test
  void servesEveryEndpointOfEveryNodeOverHttp() throws Exception {
    try (KubeletSimulator sim = start(3, 5, 1, new ManualClock(START))) {
      HttpClient http = HttpClient.newHttpClient();
      for (String node : sim.nodeNames()) {
        for (String path : List.of("/stats/summary", "/metrics/resource", "/pods", "/healthz")) {
          HttpResponse<byte[]> response =
              http.send(
                  HttpRequest.newBuilder(URI.create(sim.baseUrl(node) + path)).build(),
                  HttpResponse.BodyHandlers.ofByteArray());
          assertThat(response.statusCode()).as(node + path).isEqualTo(200);
          assertThat(response.body()).isNotEmpty();
        }
      }
      HttpResponse<String> missing =
          http.send(
              HttpRequest.newBuilder(URI.create(sim.baseUrl("nope") + "/stats/summary")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(missing.statusCode()).isEqualTo(404);
      assertThat(sim.targets()).hasSize(3);
    }
  }

  @Test
  void prerendersTheNamedPayloadsOfEveryNodeForTheCurrentUpdate() throws Exception {
    ManualClock clock = new ManualClock(START);
    try (KubeletSimulator sim = start(2, 3, 1, clock)) {
      sim.prerender(List.of("summary", " resource"));
      String node = sim.nodeNames().get(1);
      byte[] summary = sim.summary(node);

      assertThat(sim.summary(node)).isSameAs(summary); // served from what was rendered
      clock.advance(Duration.ofSeconds(10));
      assertThat(sim.summary(node)).isNotSameAs(summary).isNotEqualTo(summary);
      assertThatThrownBy(() -> sim.prerender(List.of("summary", "spec")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("unknown endpoint 'spec'");
    }
  }

  @Test
  void isDeterministicFromTheSeed() throws Exception {
    ManualClock clock = new ManualClock(START);
    try (KubeletSimulator a = start(2, 10, 7, clock);
        KubeletSimulator b = start(2, 10, 7, clock);
        KubeletSimulator c = start(2, 10, 8, clock)) {
      clock.advance(Duration.ofMinutes(5));
      String node = a.nodeNames().get(1);
      assertThat(a.summary(node)).isEqualTo(b.summary(node));
      assertThat(a.resource(node)).isEqualTo(b.resource(node));
      assertThat(a.pods(node)).isEqualTo(b.pods(node));
      assertThat(a.summary(node)).isNotEqualTo(c.summary(node));
      assertThat(a.pods(node)).isNotEqualTo(c.pods(node));
    }
  }

  @Test
  void givesTheSameStateWhetherAskedOftenOrRarely() throws Exception {
    ManualClock often = new ManualClock(START);
    ManualClock rarely = new ManualClock(START);
    try (KubeletSimulator a = start(1, 10, 3, often);
        KubeletSimulator b = start(1, 10, 3, rarely)) {
      String node = a.nodeNames().get(0);
      for (int i = 0; i < 30; i++) {
        often.advance(Duration.ofSeconds(10));
        a.summary(node);
      }
      rarely.advance(Duration.ofSeconds(300));
      assertThat(a.summary(node)).isEqualTo(b.summary(node));
    }
  }

  @Test
  void summaryHasTheShapeOfARealKubernetes135Payload() throws Exception {
    JsonNode real =
        mapper.readTree(
            Files.readString(
                Fixtures.require(
                    "kubelet/stats-summary/newrelic-nri-kubernetes-k8s-1.35.0-containerd.json")));
    try (KubeletSimulator sim = start(1, 12, 1, new ManualClock(START))) {
      JsonNode ours = mapper.readTree(sim.summary(sim.nodeNames().get(0)));

      assertThat(fields(ours)).isEqualTo(fields(real));
      JsonNode realNode = real.path("node");
      JsonNode ourNode = ours.path("node");
      assertThat(fields(ourNode)).isEqualTo(fields(realNode));
      for (String part : List.of("cpu", "memory", "io", "network", "fs", "rlimit", "swap")) {
        assertThat(fields(ourNode.path(part)))
            .as("node." + part)
            .isEqualTo(fields(realNode.path(part)));
      }
      assertThat(fields(ourNode.path("cpu").path("psi").path("some")))
          .isEqualTo(fields(realNode.path("cpu").path("psi").path("some")));
      assertThat(fields(ourNode.path("systemContainers").get(0)))
          .isEqualTo(fields(realNode.path("systemContainers").get(0)));
      // Pod 3 of the real payload runs under a memory limit, so its memory has availableBytes.
      JsonNode realPod = real.path("pods").get(3);
      JsonNode ourPod = podWithLimit(ours, true);
      assertThat(fields(podWithLimit(ours, false).path("memory")))
          .isEqualTo(fields(real.path("pods").get(0).path("memory")));
      assertThat(fields(ourPod)).isEqualTo(fields(realPod));
      for (String part : List.of("podRef", "cpu", "memory", "io", "network", "swap")) {
        assertThat(fields(ourPod.path(part)))
            .as("pod." + part)
            .isEqualTo(fields(realPod.path(part)));
      }
      JsonNode realContainer = realPod.path("containers").get(0);
      JsonNode ourContainer = ourPod.path("containers").get(0);
      assertThat(fields(ourContainer)).isEqualTo(fields(realContainer));
      for (String part : List.of("cpu", "memory", "rootfs", "logs", "swap")) {
        assertThat(fields(ourContainer.path(part)))
            .as("container." + part)
            .isEqualTo(fields(realContainer.path(part)));
      }
      assertThat(fields(ourPod.path("volume").get(0)))
          .isEqualTo(fields(realPod.path("volume").get(0)));
      assertThat(fields(ourPod.path("ephemeral-storage")))
          .isEqualTo(fields(realPod.path("ephemeral-storage")));
    }
  }

  @Test
  void podListHasTheShapeOfARealKubernetes135PodList() throws Exception {
    JsonNode real =
        mapper.readTree(
            Files.readString(
                Fixtures.require(
                    "kubelet/pods/newrelic-nri-kubernetes-k8s-1.35.0-containerd.json")));
    try (KubeletSimulator sim = start(1, 12, 1, new ManualClock(START))) {
      byte[] payload = sim.pods(sim.nodeNames().get(0));
      JsonNode ours = mapper.readTree(payload);

      // Compact, as the kubelet writes it.
      assertThat(new String(payload, StandardCharsets.UTF_8))
          .doesNotContain("\n")
          .startsWith("{\"kind\"");
      assertThat(fields(ours)).isEqualTo(fields(real));
      assertThat(ours.path("kind").asText()).isEqualTo("PodList");
      assertThat(ours.path("items")).hasSize(12);
      // The HPA's pod of the real capture: a Deployment's, with limits and requests.
      JsonNode realPod = real.path("items").get(0);
      assertThat(realPod.path("metadata").path("ownerReferences").get(0).path("kind").asText())
          .isEqualTo("ReplicaSet");
      for (JsonNode pod : ours.path("items")) {
        assertThat(fields(realPod)).containsAll(fields(pod));
        for (String part : List.of("metadata", "spec", "status")) {
          assertThat(fields(realPod.path(part))).as(part).containsAll(fields(pod.path(part)));
        }
        assertThat(fields(realPod.path("metadata").path("ownerReferences").get(0)))
            .isEqualTo(fields(pod.path("metadata").path("ownerReferences").get(0)));
        JsonNode realContainer = realPod.path("spec").path("containers").get(0);
        for (JsonNode container : pod.path("spec").path("containers")) {
          assertThat(fields(realContainer)).containsAll(fields(container));
          assertThat(fields(container.path("resources"))).isSubsetOf("limits", "requests");
        }
        JsonNode realStatus = realPod.path("status").path("containerStatuses").get(0);
        for (JsonNode status : pod.path("status").path("containerStatuses")) {
          assertThat(fields(realStatus)).containsAll(fields(status));
        }
      }
    }
  }

  @Test
  void podListAgreesWithTheSummaryAndGivesEachPodALabelledOwner() throws Exception {
    ManualClock clock = new ManualClock(START);
    try (KubeletSimulator sim = start(3, 20, 4, clock)) {
      clock.advance(Duration.ofHours(2)); // some pods replaced, some containers restarted
      Set<String> owners = new TreeSet<>();
      Map<String, String> hashOfDeployment = new HashMap<>();
      Set<String> names = new HashSet<>();
      int requests = 0;
      int bestEffort = 0;
      for (String node : sim.nodeNames()) {
        JsonNode summary = mapper.readTree(sim.summary(node));
        JsonNode pods = mapper.readTree(sim.pods(node)).path("items");
        assertThat(pods).hasSameSizeAs(summary.path("pods"));
        for (int i = 0; i < pods.size(); i++) {
          JsonNode pod = pods.get(i);
          JsonNode metadata = pod.path("metadata");
          JsonNode ref = summary.path("pods").get(i).path("podRef");
          assertThat(metadata.path("name").asText()).isEqualTo(ref.path("name").asText());
          assertThat(metadata.path("namespace").asText()).isEqualTo(ref.path("namespace").asText());
          assertThat(metadata.path("uid").asText()).isEqualTo(ref.path("uid").asText());
          assertThat(pod.path("spec").path("nodeName").asText()).isEqualTo(node);
          assertThat(pod.path("status").path("phase").asText()).isEqualTo("Running");
          assertThat(
                  names.add(
                      metadata.path("namespace").asText() + "/" + metadata.path("name").asText()))
              .as("pod names are unique in the fleet")
              .isTrue();

          JsonNode labels = metadata.path("labels");
          JsonNode owner = metadata.path("ownerReferences").get(0);
          String app = labels.path("app").asText();
          String name = metadata.path("name").asText();
          assertThat(app).startsWith(metadata.path("namespace").asText() + "-");
          assertThat(labels.path("app.kubernetes.io/name").asText()).isNotEmpty();
          assertThat(labels.path("tier").asText()).isNotEmpty();
          owners.add(owner.path("kind").asText());
          switch (owner.path("kind").asText()) {
            case "ReplicaSet" -> {
              String hash = labels.path("pod-template-hash").asText();
              assertThat(owner.path("name").asText()).isEqualTo(app + "-" + hash);
              assertThat(name).matches(Pattern.quote(app + "-" + hash) + "-[a-z0-9]{5}");
              String previous = hashOfDeployment.putIfAbsent(app, hash);
              assertThat(previous == null ? hash : previous)
                  .as("one hash per Deployment")
                  .isEqualTo(hash);
            }
            case "StatefulSet" -> {
              assertThat(owner.path("name").asText()).isEqualTo(app);
              assertThat(name)
                  .isEqualTo(app + "-" + labels.path("apps.kubernetes.io/pod-index").asText());
              assertThat(labels.path("statefulset.kubernetes.io/pod-name").asText())
                  .isEqualTo(name);
            }
            case "DaemonSet" -> {
              assertThat(owner.path("name").asText()).isEqualTo(app);
              assertThat(name).matches(Pattern.quote(app) + "-[a-z0-9]{5}");
            }
            default -> throw new AssertionError("unexpected owner " + owner);
          }

          JsonNode containers = pod.path("spec").path("containers");
          JsonNode statsContainers = summary.path("pods").get(i).path("containers");
          assertThat(containers).hasSameSizeAs(statsContainers);
          if (pod.path("status").path("qosClass").asText().equals("BestEffort")) {
            bestEffort++;
          }
          for (int c = 0; c < containers.size(); c++) {
            JsonNode resources = containers.get(c).path("resources");
            JsonNode stats = statsContainers.get(c);
            assertThat(containers.get(c).path("name").asText())
                .isEqualTo(stats.path("name").asText());
            // The Summary API reports availableBytes exactly under a memory limit: the same one.
            JsonNode limit = resources.path("limits").path("memory");
            assertThat(limit.isMissingNode())
                .isEqualTo(!stats.path("memory").has("availableBytes"));
            for (String kind : List.of("requests", "limits")) {
              for (Map.Entry<String, JsonNode> e : resources.path(kind).properties()) {
                String quantity = e.getValue().asText();
                assertThat(
                        e.getKey().equals("cpu")
                            ? Quantity.cores(quantity)
                            : Quantity.bytes(quantity))
                    .as(kind + "." + e.getKey())
                    .isPositive();
              }
            }
            for (String resource : List.of("cpu", "memory")) {
              JsonNode request = resources.path("requests").path(resource);
              JsonNode max = resources.path("limits").path(resource);
              if (!request.isMissingNode()) {
                requests++;
              }
              if (!request.isMissingNode() && !max.isMissingNode()) {
                assertThat(Quantity.parse(request.asText()).compareTo(Quantity.parse(max.asText())))
                    .as("request %s at most limit %s", request, max)
                    .isLessThanOrEqualTo(0);
              }
            }
          }
        }
      }
      assertThat(owners).containsExactlyInAnyOrder("ReplicaSet", "StatefulSet", "DaemonSet");
      assertThat(requests).isPositive();
      assertThat(bestEffort).as("some pods set no resources").isPositive();
    }
  }

  @Test
  void resourceEndpointSpeaksTheKubeletsPrometheusText() throws Exception {
    try (KubeletSimulator sim = start(1, 3, 1, new ManualClock(START))) {
      String text = new String(sim.resource(sim.nodeNames().get(0)), StandardCharsets.UTF_8);

      assertThat(text)
          .startsWith("# HELP container_cpu_usage_seconds_total [STABLE] Cumulative cpu time")
          .contains("# TYPE node_memory_working_set_bytes gauge\n")
          .contains("\nresource_scrape_error 0\n");
      assertThat(text.lines().filter(l -> l.startsWith("container_memory_working_set_bytes{")))
          .allMatch(
              l ->
                  l.matches(
                      "container_memory_working_set_bytes\\{container=\"[^\"]+\","
                          + "namespace=\"[^\"]+\",pod=\"[^\"]+\"} [0-9.e+]+ [0-9]{13}"));
    }
  }

  private static JsonNode podWithLimit(JsonNode summary, boolean limited) {
    for (JsonNode pod : summary.path("pods")) {
      if (pod.path("memory").has("availableBytes") == limited) {
        return pod;
      }
    }
    throw new AssertionError("no pod with limited=" + limited);
  }

  private static TreeSet<String> fields(JsonNode node) {
    TreeSet<String> names = new TreeSet<>();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    return names;
  }
}
