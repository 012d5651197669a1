package io.tidemark.benchmarks;

import io.tidemark.query.series.SeriesNames;
import io.tidemark.storage.SeriesKey;
import io.tidemark.storage.SeriesSample;
import io.tidemark.storage.rocksdb.RocksDbStore;
import io.tidemark.testkit.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Simulated days of one namespace's containers written straight into a store: per container, {@code
 * container_memory_working_set_bytes} (a mean-reverting random walk in whole pages) and {@code
 * container_cpu_usage_seconds_total} (a counter at a noisy, bursty rate, reset by rare restarts),
 * the shapes of the collector's kubelet simulator, generated without rendering and parsing
 * payloads. Container {@code i} is pod {@code shop-00i}, container {@code app}, on node {@code
 * node-(i % 10)}; its stats time is {@code 7i} ms plus up to 40 ms of jitter after each interval.
 * Deterministic (seed 42).
 */
final class NamespaceMonth {

  static final String NAMESPACE = "shop";
  private static final long HOUR = 3_600_000L;

  private NamespaceMonth() {}

  /**
   * Writes {@code days} days from {@code start} (a midnight) into {@code store}, an hour per
   * append, moving {@code clock} along and maintaining the store after every day's grace period.
   *
   * @return the samples written
   */
  static long write(
      RocksDbStore store,
      ManualClock clock,
      long start,
      int days,
      int containers,
      int intervalSeconds) {
    SplittableRandom random = new SplittableRandom(42);
    Container[] all = new Container[containers];
    List<SeriesKey> memory = new ArrayList<>();
    List<SeriesKey> cpu = new ArrayList<>();
    for (int i = 0; i < containers; i++) {
      all[i] = new Container(random);
      String pod = String.format(Locale.ROOT, "shop-%03d", i);
      String node = "node-" + (i % 10);
      memory.add(
          SeriesKey.of(
              RangeQueryBenchmark.MEMORY,
              SeriesNames.NAMESPACE_LABEL,
              NAMESPACE,
              SeriesNames.POD_LABEL,
              pod,
              SeriesNames.CONTAINER_LABEL,
              "app",
              SeriesNames.NODE_LABEL,
              node));
      cpu.add(
          SeriesKey.of(
              RangeQueryBenchmark.CPU,
              SeriesNames.NAMESPACE_LABEL,
              NAMESPACE,
              SeriesNames.POD_LABEL,
              pod,
              SeriesNames.CONTAINER_LABEL,
              "app",
              SeriesNames.NODE_LABEL,
              node));
    }
    long interval = intervalSeconds * 1000L;
    long ticksPerHour = HOUR / interval;
    long written = 0;
    List<SeriesSample> batch = new ArrayList<>((int) (ticksPerHour * containers * 2));
    for (long hour = 0; hour < days * 24L; hour++) {
      long hourStart = start + hour * HOUR;
      for (long tick = 0; tick < ticksPerHour; tick++) {
        long grid = hourStart + tick * interval;
        for (int i = 0; i < containers; i++) {
          Container c = all[i];
          c.step(random, intervalSeconds);
          long ts = grid + i * 7L + random.nextInt(40); // per-cgroup stats times, a little jitter
          batch.add(new SeriesSample(memory.get(i), ts, c.workingSetBytes));
          batch.add(new SeriesSample(cpu.get(i), ts, c.cpuSeconds));
        }
      }
      clock.advance(Duration.ofMillis(hourStart + HOUR - clock.millis()));
      written += store.append(batch).accepted();
      batch.clear();
      if ((hour + 1) % 24 == 0) {
        clock.advance(Duration.ofMinutes(10)); // past the day's grace period: seal, roll up
        store.maintain();
      }
    }
    return written;
  }

  /** One container's memory and CPU, shaped like the simulator's. */
  private static final class Container {
    private final double baseCores;
    private final double floor;
    private final double ceiling;
    double workingSetBytes;
    double cpuSeconds;

    Container(SplittableRandom random) {
      // Log-uniform base rate between 2 mCPU and 800 mCPU: most containers idle, a few busy.
      baseCores = Math.exp(Math.log(0.002) + random.nextDouble() * Math.log(400));
      floor = (8L + random.nextInt(120)) << 20;
      ceiling = floor + ((16L + random.nextInt(900)) << 20);
      workingSetBytes = floor + (ceiling - floor) / 3;
      cpuSeconds = Math.rint(baseCores * (30 + random.nextInt(3600)) * 1e6) / 1e6;
    }

    void step(SplittableRandom random, int seconds) {
      if (random.nextInt(5000) == 0) {
        cpuSeconds = 0; // a restart resets the counter
        workingSetBytes = floor;
      }
      double burst = random.nextDouble() < 0.02 ? 3 + random.nextDouble() * 5 : 1;
      double cores = baseCores * Math.exp(0.35 * gaussian(random)) * burst;
      cpuSeconds = Math.rint((cpuSeconds + cores * seconds) * 1e6) / 1e6;
      double span = ceiling - floor;
      double pull = (floor + span / 3 - workingSetBytes) * 0.05;
      double next = workingSetBytes + pull + gaussian(random) * span * 0.02;
      next = Math.max(floor, Math.min(ceiling, next));
      workingSetBytes = next - next % 4096; // memory is accounted in whole pages
    }

    private static double gaussian(SplittableRandom random) {
      double u = 1.0 - random.nextDouble();
      double v = random.nextDouble();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
  }
}
