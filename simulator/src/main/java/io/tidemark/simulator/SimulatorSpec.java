package io.tidemark.simulator;

import java.time.Duration;
import java.util.Objects;

/**
 * What to simulate.
 *
 * @param nodes how many nodes, at least 1
 * @param podsPerNode how many pods each node runs, at least 0
 * @param seed the seed every value derives from: the same seed gives the same fleet
 * @param updatePeriod how often each node's stats change, like the kubelet's housekeeping interval;
 *     at least 1 s
 */
public record SimulatorSpec(int nodes, int podsPerNode, long seed, Duration updatePeriod) {

  /** Validates the ranges. */
  public SimulatorSpec {
    if (nodes < 1) {
      throw new IllegalArgumentException("nodes must be at least 1, was " + nodes);
    }
    if (podsPerNode < 0) {
      throw new IllegalArgumentException("podsPerNode must not be negative, was " + podsPerNode);
    }
    Objects.requireNonNull(updatePeriod, "updatePeriod");
    if (updatePeriod.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException("updatePeriod must be at least 1s, was " + updatePeriod);
    }
  }

  /** A fleet of {@code nodes} nodes with 30 pods each, updated every 10 s. */
  public static SimulatorSpec of(int nodes, long seed) {
    return new SimulatorSpec(nodes, 30, seed, Duration.ofSeconds(10));
  }

  /** The name of node {@code index}: {@code sim-node-000}, {@code sim-node-001}, ... */
  public static String nodeName(int index) {
    return String.format("sim-node-%03d", index);
  }
}
