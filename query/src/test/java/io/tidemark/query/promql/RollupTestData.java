package io.tidemark.query.promql;

import io.tidemark.storage.SeriesKey;
import io.tidemark.storage.SeriesSample;
import io.tidemark.storage.rocksdb.RocksDbStore;
import io.tidemark.testkit.ManualClock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Four days and six hours of three containers' memory (a noisy gauge) and CPU (a counter with
 * resets), every 15 s with jitter, written to a store as a collector would, with maintenance at
 * every day's end against a manual clock: the four whole days are rolled up, the last six hours are
 * not (their buckets are computed from raw samples on the fly).
 *
 * <p>Six samples in seven are up to 3 s late, the seventh is on the 15-second grid, so some hours
 * and five-minute buckets start with a sample exactly on their boundary and some do not. Pod {@code
 * b} is silent for two hours on the second day; pod {@code c}'s counter resets every 14 hours.
 */
public final class RollupTestData {

  /** 2024-10-04T00:00:00Z, midnight. */
  public static final long START = 20_000L * 86_400_000L;

  public static final long MINUTE = 60_000L;
  public static final long HOUR = 3_600_000L;
  public static final long DAY = 86_400_000L;

  /** Just after the last sample. */
  public static final long END = START + 4 * DAY + 6 * HOUR;

  public static final String MEMORY = "container_memory_working_set_bytes";
  public static final String CPU = "container_cpu_usage_seconds_total";
  private static final String[] PODS = {"a", "b", "c"};

  private RollupTestData() {}

  /** Writes the data into {@code store}, moving {@code clock} along, and maintains it daily. */
  public static void load(RocksDbStore store, ManualClock clock) {
    Random random = new Random(7);
    double[] cpu = {100, 2_000, 5};
    double[] memory = {2e8, 6e8, 1.2e9};
    long nextMaintenance = START + DAY + 10 * MINUTE;
    List<SeriesSample> batch = new ArrayList<>();
    for (long i = 0; START + i * 15_000 < END; i++) {
      long grid = START + i * 15_000;
      long ts = i % 7 == 0 ? grid : grid + 1 + random.nextInt(3_000);
      for (int p = 0; p < PODS.length; p++) {
        if (p == 1 && ts > START + DAY + 3 * HOUR && ts < START + DAY + 5 * HOUR) {
          continue;
        }
        cpu[p] += (0.01 + 0.3 * p) * Math.exp(0.35 * random.nextGaussian()) * 15;
        cpu[p] = Math.round(cpu[p] * 1e6) / 1e6;
        if (p == 2 && (ts - START) % (14 * HOUR) < 15_000 && i > 0) {
          cpu[p] = random.nextDouble(); // a restart resets the counter
        }
        memory[p] += (4e8 * (p + 1) - memory[p]) * 0.01 + random.nextGaussian() * 5e6;
        memory[p] = Math.max(1e7, Math.rint(memory[p] / 4096) * 4096);
        batch.add(new SeriesSample(key(CPU, PODS[p]), ts, cpu[p]));
        batch.add(new SeriesSample(key(MEMORY, PODS[p]), ts, memory[p]));
      }
      boolean maintain = ts >= nextMaintenance;
      if (batch.size() >= 1_000 || maintain) {
        clock.set(ts);
        store.append(batch);
        batch.clear();
      }
      if (maintain) {
        store.maintain();
        nextMaintenance += DAY;
      }
    }
    clock.set(END);
    store.append(batch);
    store.maintain();
  }

  /** The series of a metric and pod. */
  public static SeriesKey key(String metric, String pod) {
    return SeriesKey.of(metric, "namespace", "shop", "pod", pod);
  }
}
