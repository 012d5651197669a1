package io.tidemark.simulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One simulated node: its pods and counters, advanced one update period at a time, and its payloads
 * rendered once per update.
 *
 * <p>The state after update {@code k} depends only on the seed and {@code k}, never on when or how
 * often the node was asked: each update draws from the node's own random stream in a fixed order.
 *
 * <p>Thread safety: all methods synchronise on the node.
 */
final class SimulatedNode {

  /** Probability that a pod is replaced by a new one at one update. */
  private static final double POD_CHURN_PROBABILITY = 1.0 / 2000;

  /** At most this many updates are replayed when a node is asked after a long pause. */
  private static final long MAX_CATCH_UP = 50_000;

  final String name;
  final int index;
  final long periodSeconds;
  final long bootSeconds;
  final List<SimulatedPod> pods = new ArrayList<>();
  final long memoryCapacityBytes;
  final long fsCapacityBytes;
  final long imageFsUsedBytes;
  long cpuNanoSeconds;
  long usageNanoCores;
  long systemWorkingSetBytes;
  long kubeletCpuNanoSeconds;
  long rxBytes;
  long txBytes;
  long timeSeconds;
  private final SplittableRandom random;
  private long update;
  private long renderedUpdate = Long.MIN_VALUE;
  private final byte[][] rendered = new byte[Payload.values().length][];

  /** The payloads a node serves. */
  enum Payload {
    SUMMARY,
    RESOURCE,
    PROBES,
    CADVISOR,
    PODS
  }

  /**
   * Node {@code index} of the fleet, with {@code podsPerNode} pods.
   *
   * @param random the node's own stream, every figure of the node and its pods drawn from it
   */
  SimulatedNode(
      String name,
      int index,
      SplittableRandom random,
      int podsPerNode,
      long periodSeconds,
      long firstUpdate) {
    this.name = name;
    this.index = index;
    this.random = random;
    this.periodSeconds = periodSeconds;
    this.update = firstUpdate;
    this.timeSeconds = firstUpdate * periodSeconds;
    this.bootSeconds = timeSeconds - 3600L * (2 + random.nextInt(24 * 30));
    this.memoryCapacityBytes = (8L + 8L * random.nextInt(8)) << 30;
    this.fsCapacityBytes = (100L + 50L * random.nextInt(8)) << 30;
    this.imageFsUsedBytes = (2L + random.nextInt(20)) << 30;
    this.systemWorkingSetBytes = (300L + random.nextInt(700)) << 20;
    for (int i = 0; i < podsPerNode; i++) {
      pods.add(new SimulatedPod(random, bootSeconds + random.nextInt(3600), slot(i, podsPerNode)));
    }
    this.cpuNanoSeconds = (long) ((timeSeconds - bootSeconds) * 0.3e9);
    this.kubeletCpuNanoSeconds = cpuNanoSeconds / 20;
    for (SimulatedPod pod : pods) {
      cpuNanoSeconds += pod.cpuNanoSeconds();
    }
    step(timeSeconds);
  }

  /**
   * A payload as of the update at or before {@code now}: rendered once per update and endpoint,
   * when first asked for, from the state of that update.
   */
  synchronized byte[] payloadAt(Instant now, Payload payload, PayloadRenderer renderer) {
    long target = Math.floorDiv(now.getEpochSecond(), periodSeconds);
    if (target - update > MAX_CATCH_UP) {
      update = target - MAX_CATCH_UP;
    }
    while (update < target) {
      update++;
      step(update * periodSeconds);
    }
    if (renderedUpdate != update) {
      java.util.Arrays.fill(rendered, null);
      renderedUpdate = update;
    }
    byte[] body = rendered[payload.ordinal()];
    if (body == null) {
      body =
          switch (payload) {
            case SUMMARY -> renderer.summary(this);
            case RESOURCE -> renderer.resource(this);
            case PROBES -> renderer.probes(this);
            case CADVISOR -> renderer.cadvisor(this);
            case PODS -> renderer.pods(this);
          };
      rendered[payload.ordinal()] = body;
    }
    return body;
  }

  /** Pod {@code i}'s slot in the fleet: unique, and kept by the pod that replaces it. */
  private long slot(int i, int podsPerNode) {
    return (long) index * podsPerNode + i;
  }

  private void step(long time) {
    for (int i = 0; i < pods.size(); i++) {
      if (random.nextDouble() < POD_CHURN_PROBABILITY) {
        pods.set(
            i,
            new SimulatedPod(
                random, time - random.nextInt((int) periodSeconds), slot(i, pods.size())));
      }
    }
    long used = 0;
    long podCores = 0;
    for (SimulatedPod pod : pods) {
      used += pod.step(random, time, periodSeconds);
      podCores += pod.usageNanoCores();
    }
    double systemCores = 0.05 + 0.1 * random.nextDouble();
    long systemNanos = (long) (systemCores * 1e9 * periodSeconds);
    // Restarts reset container counters; the node's own counter only grows.
    cpuNanoSeconds += used + systemNanos;
    kubeletCpuNanoSeconds += systemNanos / 3;
    usageNanoCores = podCores + (long) (systemCores * 1e9);
    systemWorkingSetBytes =
        Math.max(200L << 20, systemWorkingSetBytes + (long) (random.nextInt(9) - 4) * (1 << 20));
    systemWorkingSetBytes -= systemWorkingSetBytes % 4096;
    rxBytes += (long) random.nextInt(1 << 22) * periodSeconds;
    txBytes += (long) random.nextInt(1 << 21) * periodSeconds;
    timeSeconds = time;
  }

  long workingSetBytes() {
    long sum = systemWorkingSetBytes;
    for (SimulatedPod pod : pods) {
      sum += pod.workingSetBytes();
    }
    return Math.min(sum, memoryCapacityBytes);
  }

  long usageBytes() {
    long sum = systemWorkingSetBytes * 2;
    for (SimulatedPod pod : pods) {
      sum += pod.usageBytes();
    }
    return Math.min(sum, memoryCapacityBytes);
  }
}
