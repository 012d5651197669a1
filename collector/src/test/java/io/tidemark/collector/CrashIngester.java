package io.tidemark.collector;

import io.tidemark.collector.summary.SummaryParser;
import io.tidemark.simulator.KubeletSimulator;
import io.tidemark.simulator.SimulatorSpec;
import io.tidemark.storage.Durability;
import io.tidemark.storage.SeriesKey;
import io.tidemark.storage.SeriesSample;
import io.tidemark.storage.StoreOptions;
import io.tidemark.storage.rocksdb.RocksDbStore;
import io.tidemark.testkit.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The child process of {@link CrashTest}: ingests simulated kubelet payloads into a store as fast
 * as it can, one append per node scrape, and after each append returns prints {@code ACK n}, where
 * {@code n} is the sequence number stored with that append. It runs until it is killed.
 *
 * <p>Arguments: store directory, {@code always} or {@code interval}, first sequence number.
 */
public final class CrashIngester {

  /** The series that carries the sequence number of each append. */
  static final SeriesKey SEQUENCE = SeriesKey.of("crash_test_sequence", "node", "ingester");

  private CrashIngester() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    Durability durability =
        args[1].equals("always")
            ? Durability.everyWrite()
            : Durability.window(Duration.ofMillis(200));
    long sequence = Long.parseLong(args[2]);
    ManualClock clock =
        new ManualClock(Instant.parse("2026-11-01T00:00:00Z").plusSeconds(sequence * 10));
    SummaryParser parser = new SummaryParser();
    try (KubeletSimulator simulator =
            KubeletSimulator.start(new SimulatorSpec(4, 10, 3, Duration.ofSeconds(10)), clock, 0);
        RocksDbStore store =
            RocksDbStore.open(
                dir,
                StoreOptions.DEFAULT
                    .withDurability(durability)
                    .withClock(clock)
                    .withChunkSamples(16) // chunks complete while the test kills
                    .withMaintenanceInterval(Duration.ofMillis(100)))) {
      System.out.println("READY");
      System.out.flush();
      while (true) {
        clock.advance(Duration.ofSeconds(10));
        int inRound = 0;
        for (String node : simulator.nodeNames()) {
          List<SeriesSample> batch = new ArrayList<>();
          parser.parse(
              simulator.summary(node), node, (k, t, v) -> batch.add(new SeriesSample(k, t, v)));
          sequence++;
          // one sample a append, its value the append's number, at a time that days can seal
          batch.add(new SeriesSample(SEQUENCE, clock.millis() + inRound++, sequence));
          store.append(batch);
          System.out.println("ACK " + sequence);
          System.out.flush();
        }
      }
    }
  }
}
