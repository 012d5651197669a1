package io.tidemark.collector.targets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.tidemark.config.KubernetesTargetsConfig;
import io.tidemark.config.NodeCapacity;
import io.tidemark.config.TargetSpec;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Discovery against fabric8's mock API server: the scraped set follows the nodes. */
@EnableKubernetesMockClient(crud = true)
class KubernetesTargetSourceTest {

  KubernetesClient client;

  private static Node node(String name, Map<String, String> labels, String... typesAndAddresses) {
    NodeBuilder builder =
        new NodeBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata();
    var status = builder.withNewStatus();
    for (int i = 0; i < typesAndAddresses.length; i += 2) {
      status
          .addNewAddress()
          .withType(typesAndAddresses[i])
          .withAddress(typesAndAddresses[i + 1])
          .endAddress();
    }
    return status
        .withNewDaemonEndpoints()
        .withNewKubeletEndpoint()
        .withPort(10255)
        .endKubeletEndpoint()
        .endDaemonEndpoints()
        .endStatus()
        .build();
  }

  private KubernetesTargetSource source(KubernetesTargetsConfig config) {
    return new KubernetesTargetSource(client, false, config);
  }

  private static void awaitTargets(TargetSource source, List<TargetSpec> expected) {
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> assertThat(source.current()).isEqualTo(expected));
  }

  @Test
  void followsNodesAddedRelabelledAndDeleted() {
    KubernetesTargetsConfig config = new KubernetesTargetsConfig();
    config.setLabelSelector("tidemark=yes");
    client
        .nodes()
        .resource(node("a", Map.of("tidemark", "yes"), "InternalIP", "10.0.0.1"))
        .create();
    client.nodes().resource(node("b", Map.of("tidemark", "no"), "InternalIP", "10.0.0.2")).create();

    try (KubernetesTargetSource source = source(config)) {
      awaitTargets(source, List.of(new TargetSpec("a", URI.create("https://10.0.0.1:10255"))));

      client
          .nodes()
          .resource(node("c", Map.of("tidemark", "yes"), "InternalIP", "10.0.0.3"))
          .create();
      awaitTargets(
          source,
          List.of(
              new TargetSpec("a", URI.create("https://10.0.0.1:10255")),
              new TargetSpec("c", URI.create("https://10.0.0.3:10255"))));

      client
          .nodes()
          .withName("b")
          .edit(
              n ->
                  new NodeBuilder(n)
                      .editMetadata()
                      .addToLabels("tidemark", "yes")
                      .endMetadata()
                      .build());
      client
          .nodes()
          .withName("a")
          .edit(
              n ->
                  new NodeBuilder(n)
                      .editMetadata()
                      .addToLabels("tidemark", "no")
                      .endMetadata()
                      .build());
      awaitTargets(
          source,
          List.of(
              new TargetSpec("b", URI.create("https://10.0.0.2:10255")),
              new TargetSpec("c", URI.create("https://10.0.0.3:10255"))));

      client.nodes().withName("c").delete();
      awaitTargets(source, List.of(new TargetSpec("b", URI.create("https://10.0.0.2:10255"))));
    }
  }

  @Test
  void picksTheAddressByPreferenceAndAFixedPortWhenGiven() {
    client
        .nodes()
        .resource(
            node(
                "multi",
                Map.of(),
                "ExternalIP",
                "203.0.113.9",
                "InternalIP",
                "10.0.0.9",
                "Hostname",
                "multi.local"))
        .create();
    client.nodes().resource(node("v6", Map.of(), "InternalIP", "fd00::5")).create();
    client.nodes().resource(node("bare", Map.of())).create();

    KubernetesTargetsConfig defaults = new KubernetesTargetsConfig();
    try (KubernetesTargetSource source = source(defaults)) {
      awaitTargets(
          source,
          List.of(
              new TargetSpec("multi", URI.create("https://multi.local:10255")),
              new TargetSpec("v6", URI.create("https://[fd00::5]:10255"))));
    }

    KubernetesTargetsConfig internalFirst = new KubernetesTargetsConfig();
    internalFirst.setAddressTypes(List.of("InternalIP", "ExternalIP"));
    internalFirst.setPort(10250);
    try (KubernetesTargetSource source = source(internalFirst)) {
      awaitTargets(
          source,
          List.of(
              new TargetSpec("multi", URI.create("https://10.0.0.9:10250")),
              new TargetSpec("v6", URI.create("https://[fd00::5]:10250"))));
    }
  }

  @Test
  void reachesKubeletsThroughTheApiServerInProxyMode() {
    client.nodes().resource(node("p", Map.of(), "InternalIP", "10.0.0.7")).create();
    KubernetesTargetsConfig config = new KubernetesTargetsConfig();
    config.setProxy(true);

    try (KubernetesTargetSource source = source(config)) {
      String master = client.getMasterUrl().toString().replaceAll("/$", "");
      awaitTargets(
          source, List.of(new TargetSpec("p", URI.create(master + "/api/v1/nodes/p/proxy"))));
      assertThat(source.current().get(0).resolve("/stats/summary").toString())
          .isEqualTo(master + "/api/v1/nodes/p/proxy/stats/summary");
    }
  }

  @Test
  void carriesTheNodeCapacityFromItsStatus() {
    Node big =
        new NodeBuilder(node("big", Map.of(), "InternalIP", "10.0.0.8"))
            .editStatus()
            .addToCapacity("cpu", new Quantity("3500m"))
            .addToCapacity("memory", new Quantity("16Gi"))
            .addToCapacity("pods", new Quantity("110"))
            .endStatus()
            .build();
    Node cpuOnly =
        new NodeBuilder(node("cpu-only", Map.of(), "InternalIP", "10.0.0.9"))
            .editStatus()
            .addToCapacity("cpu", new Quantity("4"))
            .endStatus()
            .build();
    client.nodes().resource(big).create();
    client.nodes().resource(cpuOnly).create();

    try (KubernetesTargetSource source = source(new KubernetesTargetsConfig())) {
      awaitTargets(
          source,
          List.of(
              new TargetSpec(
                  "big",
                  URI.create("https://10.0.0.8:10255"),
                  new NodeCapacity(3.5, 16.0 * (1L << 30))),
              new TargetSpec(
                  "cpu-only",
                  URI.create("https://10.0.0.9:10255"),
                  new NodeCapacity(4, Double.NaN))));
    }
  }
}
