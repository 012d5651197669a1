package io.tidemark.collector.targets;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.NodeList;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.okhttp.OkHttpClientFactory;
import io.tidemark.config.InvalidSettingException;
import io.tidemark.config.KubernetesTargetsConfig;
import io.tidemark.config.NodeCapacity;
import io.tidemark.config.TargetSpec;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Targets from the API server's Node objects, listed and then watched (a fabric8 informer), so the
 * scraped set follows nodes as they join, change labels or addresses, and leave.
 *
 * <p>See {@link KubernetesTargetsConfig} for how a node becomes a URL. A node with no address of a
 * preferred type is left out and reported once. Until the first list has arrived the source is
 * empty; a lost watch is re-established by the informer, and the last known nodes stay in force
 * meanwhile.
 *
 * <p>Thread safety: {@link #current()} may be called from any thread.
 */
public final class KubernetesTargetSource implements TargetSource, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(KubernetesTargetSource.class);
  private static final int DEFAULT_KUBELET_PORT = 10250;

  private final KubernetesClient client;
  private final boolean ownsClient;
  private final KubernetesTargetsConfig config;
  private final SharedIndexInformer<Node> informer;
  private final Set<String> reportedUnaddressable = ConcurrentHashMap.newKeySet();

  /**
   * Watches the nodes through {@code client}.
   *
   * @param ownsClient whether {@link #close()} closes the client too
   */
  public KubernetesTargetSource(
      KubernetesClient client, boolean ownsClient, KubernetesTargetsConfig config) {
    this.client = client;
    this.ownsClient = ownsClient;
    this.config = config;
    FilterWatchListDeletable<Node, NodeList, Resource<Node>> nodes = client.nodes();
    if (config.getLabelSelector() != null && !config.getLabelSelector().isBlank()) {
      nodes = nodes.withLabelSelector(config.getLabelSelector());
    }
    this.informer = nodes.runnableInformer(0);
    informer.addEventHandler(new Logging());
    informer
        .start()
        .whenComplete(
            (ok, failure) -> {
              if (failure != null) {
                LOG.error(
                    "cannot list nodes from {}: {}", client.getMasterUrl(), failure.toString());
              }
            });
  }

  /**
   * Watches the nodes of the cluster the configuration names: its kubeconfig, else the in-cluster
   * service account, else {@code ~/.kube/config}.
   *
   * @throws InvalidSettingException when the kubeconfig cannot be read
   */
  public static KubernetesTargetSource fromConfig(KubernetesTargetsConfig config) {
    Config clientConfig;
    if (config.getKubeconfig() != null) {
      try {
        clientConfig = Config.fromKubeconfig(Files.readString(config.getKubeconfig()));
      } catch (IOException | RuntimeException e) {
        throw new InvalidSettingException(
            "scrape.targets.kubernetes.kubeconfig",
            "cannot read " + config.getKubeconfig() + ": " + e.getMessage(),
            e);
      }
    } else {
      clientConfig = Config.autoConfigure(null);
    }
    KubernetesClient client =
        new KubernetesClientBuilder()
            .withConfig(clientConfig)
            .withHttpClientFactory(new OkHttpClientFactory())
            .build();
    return new KubernetesTargetSource(client, true, config);
  }

  @Override
  public List<TargetSpec> current() {
    List<TargetSpec> out = new ArrayList<>();
    for (Node node : informer.getStore().list()) {
      TargetSpec target = target(node);
      if (target != null) {
        out.add(target);
      }
    }
    out.sort(Comparator.comparing(TargetSpec::node));
    return out;
  }

  private TargetSpec target(Node node) {
    String name = node.getMetadata().getName();
    if (config.isProxy()) {
      String master = client.getMasterUrl().toString();
      String base = master.endsWith("/") ? master : master + "/";
      return new TargetSpec(
          name, URI.create(base + "api/v1/nodes/" + name + "/proxy"), capacity(node));
    }
    String address = preferredAddress(node.getStatus());
    if (address == null) {
      if (reportedUnaddressable.add(name)) {
        LOG.warn(
            "node {} has no address of the types {}; not scraped", name, config.getAddressTypes());
      }
      return null;
    }
    reportedUnaddressable.remove(name);
    String host = address.contains(":") ? "[" + address + "]" : address; // IPv6
    return new TargetSpec(
        name, URI.create(config.getScheme() + "://" + host + ":" + port(node)), capacity(node));
  }

  /** {@code status.capacity} cpu and memory; {@code null} when the node states neither. */
  private static NodeCapacity capacity(Node node) {
    Map<String, Quantity> capacity =
        node.getStatus() == null ? null : node.getStatus().getCapacity();
    if (capacity == null) {
      return null;
    }
    NodeCapacity c = new NodeCapacity(amount(capacity.get("cpu")), amount(capacity.get("memory")));
    return c.known() ? c : null;
  }

  private static double amount(Quantity q) {
    if (q == null) {
      return Double.NaN;
    }
    try {
      return q.getNumericalAmount().doubleValue();
    } catch (ArithmeticException | IllegalArgumentException e) {
      return Double.NaN; // a malformed quantity: capacity unknown rather than wrong
    }
  }

  private String preferredAddress(NodeStatus status) {
    if (status == null || status.getAddresses() == null) {
      return null;
    }
    for (String type : config.getAddressTypes()) {
      for (NodeAddress address : status.getAddresses()) {
        if (type.equals(address.getType()) && address.getAddress() != null) {
          return address.getAddress();
        }
      }
    }
    return null;
  }

  private int port(Node node) {
    if (config.getPort() != 0) {
      return config.getPort();
    }
    NodeStatus status = node.getStatus();
    if (status != null
        && status.getDaemonEndpoints() != null
        && status.getDaemonEndpoints().getKubeletEndpoint() != null
        && status.getDaemonEndpoints().getKubeletEndpoint().getPort() != null
        && status.getDaemonEndpoints().getKubeletEndpoint().getPort() > 0) {
      return status.getDaemonEndpoints().getKubeletEndpoint().getPort();
    }
    return DEFAULT_KUBELET_PORT;
  }

  @Override
  public void close() {
    informer.close();
    if (ownsClient) {
      client.close();
    }
  }

  /** Logs nodes joining and leaving the scraped set. */
  private static final class Logging implements ResourceEventHandler<Node> {
    @Override
    public void onAdd(Node node) {
      LOG.info("node {} discovered", node.getMetadata().getName());
    }

    @Override
    public void onUpdate(Node before, Node after) {
      // Status updates arrive every few seconds; the next current() reflects them.
    }

    @Override
    public void onDelete(Node node, boolean unknownFinalState) {
      LOG.info("node {} gone", node.getMetadata().getName());
    }
  }
}
