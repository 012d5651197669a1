package io.tidemark.collector.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.ToLongFunction;

/** One pod's evolving state: its identity, containers, network and volumes. */
final class SimulatedPod {

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
  final long startSeconds;
  final List<SimulatedContainer> containers = new ArrayList<>();
  final String volumeName;
  long rxBytes;
  long txBytes;
  long rxErrors;
  long volumeBytes;
  int processCount;

  SimulatedPod(SplittableRandom random, long startSeconds) {
    this.namespace = NAMESPACES[random.nextInt(NAMESPACES.length)];
    String app = APPS[random.nextInt(APPS.length)];
    this.name = namespace + "-" + app + "-" + token(random, 10) + "-" + token(random, 5);
    this.uid = uuid(random);
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

  private static String uuid(SplittableRandom random) {
    String hex =
        Long.toHexString(random.nextLong() | Long.MIN_VALUE)
            + Long.toHexString(random.nextLong() | Long.MIN_VALUE);
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
