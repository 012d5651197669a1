package io.tidemark.simulator;

import io.tidemark.query.format.Quantity;
import java.util.SplittableRandom;

/**
 * One container's evolving state. Mutated only by its node, under the node's lock.
 *
 * <p>CPU is a cumulative counter growing at a noisy rate around the container's own base rate;
 * memory is a mean-reverting random walk between bounds. A restart resets the counter and the start
 * time, as a real container restart does.
 */
final class SimulatedContainer {

  /** Probability that a container restarts at one update. */
  private static final double RESTART_PROBABILITY = 1.0 / 5000;

  private static final long PAGE = 4096;

  final String name;
  long startSeconds;
  long cpuNanoSeconds;
  long usageNanoCores;
  long workingSetBytes;
  long cacheBytes;
  long pageFaults;
  long majorPageFaults;
  long rootfsBytes;
  long logsBytes;
  long timeSeconds;
  int restarts;

  /** The memory limit, or 0 for none; kubelets report availableBytes only under a limit. */
  long limitBytes;

  /**
   * The container's {@code resources} as its pod spec writes them (canonical Kubernetes
   * quantities), or {@code null} where unset. Set once by {@link #assignResources}.
   */
  String cpuRequest;

  String cpuLimit;
  String memoryRequest;
  String memoryLimit;

  private final double baseCores;
  private final long memoryFloor;
  private final long memoryCeiling;

  SimulatedContainer(String name, SplittableRandom random, long startSeconds) {
    this.name = name;
    this.startSeconds = startSeconds;
    // Log-uniform base rate between 2 mCPU and 800 mCPU: most containers idle, a few busy.
    this.baseCores = Math.exp(Math.log(0.002) + random.nextDouble() * Math.log(400));
    this.memoryFloor = (8L + random.nextInt(120)) << 20;
    this.memoryCeiling = memoryFloor + ((16L + random.nextInt(900)) << 20);
    this.workingSetBytes = memoryFloor + (memoryCeiling - memoryFloor) / 3;
    this.cacheBytes = (long) (workingSetBytes * 0.15) / PAGE * PAGE;
    this.cpuNanoSeconds = (long) (baseCores * 1e9 * (30 + random.nextInt(3600)));
    this.rootfsBytes = 4096L * (1 + random.nextInt(64));
    this.logsBytes = 4096L * (1 + random.nextInt(16));
    this.timeSeconds = startSeconds;
  }

  /**
   * Advances one update period ending at {@code timeSeconds}.
   *
   * @return the CPU time used in the period, in nanoseconds
   */
  long step(SplittableRandom random, long timeSeconds, long periodSeconds) {
    if (random.nextDouble() < RESTART_PROBABILITY) {
      restarts++;
      startSeconds = timeSeconds - random.nextInt((int) Math.max(1, periodSeconds));
      cpuNanoSeconds = 0;
      workingSetBytes = memoryFloor;
      logsBytes = 4096;
    }
    double noise = Math.exp(0.35 * gaussian(random));
    double burst = random.nextDouble() < 0.02 ? 3 + random.nextDouble() * 5 : 1;
    double cores = baseCores * noise * burst;
    usageNanoCores = (long) (cores * 1e9);
    long used = (long) (cores * 1e9 * periodSeconds);
    cpuNanoSeconds += used;

    long span = memoryCeiling - memoryFloor;
    double pull = (memoryFloor + span / 3.0 - workingSetBytes) * 0.05;
    workingSetBytes += (long) (pull + gaussian(random) * span * 0.02);
    workingSetBytes = Math.max(memoryFloor, Math.min(memoryCeiling, workingSetBytes));
    workingSetBytes -= workingSetBytes % PAGE; // memory is accounted in whole pages
    cacheBytes -= cacheBytes % PAGE;
    cacheBytes = Math.max(0, cacheBytes + (long) (gaussian(random) * (1 << 20)));
    pageFaults += 10 + random.nextInt(500);
    if (random.nextInt(50) == 0) {
      majorPageFaults++;
    }
    logsBytes += random.nextInt(2048);
    this.timeSeconds = timeSeconds;
    return used;
  }

  long usageBytes() {
    return workingSetBytes + cacheBytes;
  }

  void limitMemory() {
    limitBytes = memoryCeiling + (64L << 20);
  }

  /**
   * Gives the container the requests and limits of its pod spec, drawn from {@code random} (the
   * pod's own stream, so the node's draws stay as they were): a fifth set nothing, some only a CPU
   * request, most CPU and memory requests, a few a CPU limit. The memory limit is the one the
   * Summary API reports ({@link #limitBytes}); a container with a limit and no request gets the
   * limit as request, as the API server defaults it.
   */
  void assignResources(SplittableRandom random) {
    int profile = random.nextInt(10);
    boolean decimalMemory = random.nextInt(5) == 0;
    int cpuLimitFactor = 2 + random.nextInt(3);
    // Requests sized as people do: the usual rate with headroom, rounded to 10m and 16Mi.
    long cpuMillis = Math.max(10, (long) Math.ceil(baseCores * 150) * 10);
    long sixteenMi = 16L << 20;
    long requestBytes =
        (memoryFloor + (memoryCeiling - memoryFloor) / 2 + sixteenMi - 1) / sixteenMi * sixteenMi;
    if (limitBytes > 0) {
      memoryLimit = Quantity.binaryBytes(limitBytes);
      requestBytes = profile == 9 ? limitBytes : Math.min(requestBytes, limitBytes);
    }
    if (profile >= 2) {
      cpuRequest = Quantity.decimalNanos(cpuMillis * 1_000_000);
    }
    if (profile >= 7) {
      cpuLimit = Quantity.decimalNanos(cpuMillis * cpuLimitFactor * 1_000_000);
    }
    if (profile >= 3) {
      memoryRequest =
          decimalMemory && requestBytes != limitBytes
              ? (requestBytes + 999_999) / 1_000_000 + "M"
              : Quantity.binaryBytes(requestBytes);
    } else if (memoryLimit != null) {
      memoryRequest = memoryLimit;
    }
  }

  long rssBytes() {
    return (long) (workingSetBytes * 0.85) / PAGE * PAGE;
  }

  static double gaussian(SplittableRandom random) {
    // Box-Muller; SplittableRandom has no nextGaussian on Java 17.
    double u = 1.0 - random.nextDouble();
    double v = random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}
