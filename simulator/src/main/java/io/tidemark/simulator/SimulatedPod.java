package io.tidemark.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.ToLongFunction;

/**
 * One pod's evolving state: its identity, containers, network and volumes.
 *
 * <p>Identity: a pod belongs to the workload {@code NAMESPACE-APP}. Most are a Deployment's (name
 * {@code WORKLOAD-HASH-XXXXX}, owned by the ReplicaSet {@code WORKLOAD-HASH}, where the hash
 * derives from the workload's name, so all its pods share it); {@code cache} and {@code queue} pods
 * a StatefulSet's ({@code WORKLOAD-N}, with {@code N} the pod's slot in the fleet so names stay
 * unique); {@code exporter} pods a DaemonSet's ({@code WORKLOAD-XXXXX}). Labels are those the
 * controllers and common charts set: {@code app}, {@code app.kubernetes.io/name}, {@code tier} and
 * the controller's hash labels.
 */
final class SimulatedPod {

  /** The kind of controller that owns a pod. */
  enum Kind {
    DEPLOYMENT,
    STATEFUL_SET,
    DAEMON_SET
  }

  private static final String[] NAMESPACES = {
    "default", "kube-system", "monitoring", "checkout", "payments", "search", "batch", "ingress"
  };
  private static final String[] APPS = {
    "api",
    "web",
    "worker",
    "cache",
    "gateway",
    "indexer",
    "scheduler",
    "exporter",
    "frontend",
    "ledger",
    "queue",
    "auth"
  };
  private static final String[] SIDECARS = {"istio-proxy", "log-shipper", "metrics-agent"};
  private static final String ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

  final String namespace;
  final String name;
  final String uid;
  final String app;
  final Kind kind;

  /** The workload: the Deployment, StatefulSet or DaemonSet, {@code NAMESPACE-APP}. */
  final String workload;

  /** The owner reference's kind and name: the ReplicaSet for a Deployment's pod. */
  final String ownerKind;

  final String ownerName;

  /** The pod's labels, sorted by key as the kubelet writes them. */
  final Map<String, String> labels = new TreeMap<>();

  final long startSeconds;
  final List<SimulatedContainer> containers = new ArrayList<>();
  final String volumeName;
  long rxBytes;
  long txBytes;
  long rxErrors;
  long volumeBytes;
  int processCount;

  /**
   * A new pod drawing from the node's {@code random}.
   *
   * @param ordinal the pod's slot in the fleet, unique: a StatefulSet pod's ordinal
   */
  SimulatedPod(SplittableRandom random, long startSeconds, long ordinal) {
    this.namespace = NAMESPACES[random.nextInt(NAMESPACES.length)];
    this.app = APPS[random.nextInt(APPS.length)];
    this.workload = namespace + "-" + app;
    // Drawn whatever the kind, so that the node's stream and all later figures stay the same.
    token(random, 10);
    String suffix = token(random, 5);
    long uidHigh = random.nextLong();
    long uidLow = random.nextLong();
    this.uid = uuid(uidHigh, uidLow);
    this.kind = kindOf(app);
    String hash = token(new SplittableRandom(workload.hashCode()), 10);
    switch (kind) {
      case STATEFUL_SET -> {
        this.name = workload + "-" + ordinal;
        this.ownerKind = "StatefulSet";
        this.ownerName = workload;
        labels.put("apps.kubernetes.io/pod-index", Long.toString(ordinal));
        labels.put("controller-revision-hash", workload + "-" + hash);
        labels.put("statefulset.kubernetes.io/pod-name", name);
      }
      case DAEMON_SET -> {
        this.name = workload + "-" + suffix;
        this.ownerKind = "DaemonSet";
        this.ownerName = workload;
        labels.put("controller-revision-hash", hash);
        labels.put("pod-template-generation", "1");
      }
      default -> {
        this.name = workload + "-" + hash + "-" + suffix;
        this.ownerKind = "ReplicaSet";
        this.ownerName = workload + "-" + hash;
        labels.put("pod-template-hash", hash);
      }
    }
    labels.put("app", workload);
    labels.put("app.kubernetes.io/name", app);
    labels.put("tier", tierOf(app));
    this.startSeconds = startSeconds;
    containers.add(new SimulatedContainer(app, random, startSeconds));
    if (random.nextInt(3) == 0) {
      containers.add(
          new SimulatedContainer(SIDECARS[random.nextInt(SIDECARS.length)], random, startSeconds));
    }
    if (random.nextBoolean()) {
      containers.forEach(SimulatedContainer::limitMemory);
    }
    this.volumeName = "kube-api-access-" + token(random, 5);
    this.rxBytes = random.nextInt(1 << 24);
    this.txBytes = random.nextInt(1 << 22);
    this.volumeBytes = 12288;
    this.processCount = containers.size() + random.nextInt(4);
    // Requests and limits come from the pod's own stream: the node's draws stay as they were.
    SplittableRandom own = new SplittableRandom(uidHigh ^ Long.rotateLeft(uidLow, 29));
    for (SimulatedContainer container : containers) {
      container.assignResources(own);
    }
  }

  private static Kind kindOf(String app) {
    return switch (app) {
      case "cache", "queue" -> Kind.STATEFUL_SET;
      case "exporter" -> Kind.DAEMON_SET;
      default -> Kind.DEPLOYMENT;
    };
  }

  private static String tierOf(String app) {
    return switch (app) {
      case "web", "frontend", "gateway" -> "frontend";
      case "cache", "queue" -> "data";
      case "worker" -> "batch";
      case "exporter" -> "monitoring";
      default -> "backend";
    };
  }

  /** A stable UID for a named object (an owner), the same on every node. */
  static String uidOf(String objectName) {
    SplittableRandom random = new SplittableRandom(objectName.hashCode() * 0x9E3779B97F4A7C15L);
    return uuid(random.nextLong(), random.nextLong());
  }

  /** Advances one update period; returns the CPU time its containers used, in nanoseconds. */
  long step(SplittableRandom random, long timeSeconds, long periodSeconds) {
    long used = 0;
    for (SimulatedContainer container : containers) {
      // Each cgroup has its own stats time, a little before the node's; the jitter stays below
      // the period so every container's times still move forward.
      int jitter = random.nextInt((int) Math.min(3, periodSeconds));
      used += container.step(random, timeSeconds - jitter, periodSeconds);
    }
    rxBytes += random.nextInt(1 << 20) * periodSeconds / 10;
    txBytes += random.nextInt(1 << 19) * periodSeconds / 10;
    if (random.nextInt(1000) == 0) {
      rxErrors++;
    }
    volumeBytes = Math.max(4096, volumeBytes + (random.nextInt(3) - 1) * 4096L);
    return used;
  }

  long cpuNanoSeconds() {
    return sum(c -> c.cpuNanoSeconds);
  }

  long usageNanoCores() {
    return sum(c -> c.usageNanoCores);
  }

  long workingSetBytes() {
    return sum(c -> c.workingSetBytes);
  }

  /** The sum of the containers' limits, or 0 when they have none. */
  long limitBytes() {
    return sum(c -> c.limitBytes);
  }

  long usageBytes() {
    return sum(SimulatedContainer::usageBytes);
  }

  private long sum(ToLongFunction<SimulatedContainer> figure) {
    long total = 0;
    for (SimulatedContainer c : containers) {
      total += figure.applyAsLong(c);
    }
    return total;
  }

  long timeSeconds() {
    long max = startSeconds;
    for (SimulatedContainer c : containers) {
      max = Math.max(max, c.timeSeconds);
    }
    return max;
  }

  private static String token(SplittableRandom random, int length) {
    StringBuilder out = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      out.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return out.toString();
  }

  private static String uuid(long high, long low) {
    String hex = Long.toHexString(high | Long.MIN_VALUE) + Long.toHexString(low | Long.MIN_VALUE);
    return hex.substring(0, 8)
        + "-"
        + hex.substring(8, 12)
        + "-"
        + hex.substring(12, 16)
        + "-"
        + hex.substring(16, 20)
        + "-"
        + hex.substring(20, 32);
  }
}
