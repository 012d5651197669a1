package io.tidemark.collector;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.storage.Sample;
import io.tidemark.storage.rocksdb.RocksDbStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A child JVM ingests simulated kubelet data; the test kills it with SIGKILL at random moments, 20
 * times, reopening the store after each kill: the store opens cleanly and holds every append the
 * child acknowledged, in order, with nothing missing in between.
 *
 * <p>SIGKILL ends the process, not the machine, so under both sync modes every acknowledged append
 * must survive (under {@code interval}, a crash of the machine could lose the last window; that
 * cannot be staged here).
 */
class CrashTest {

  @TempDir Path dir;

  @ParameterizedTest(name = "storage.sync: {0}")
  @ValueSource(strings = {"always", "interval"})
  void everyAcknowledgedAppendSurvivesSigkill(String sync) throws Exception {
    SplittableRandom random = new SplittableRandom(sync.hashCode());
    Path store = dir.resolve("store-" + sync);
    long acknowledged = 0;
    for (int round = 0; round < 20; round++) {
      Process child =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-Xmx256m",
                  "-cp",
                  System.getProperty("java.class.path"),
                  CrashIngester.class.getName(),
                  store.toString(),
                  sync,
                  Long.toString(acknowledged))
              .redirectErrorStream(true)
              .start();
      AtomicLong lastAck = new AtomicLong(acknowledged);
      Thread reader =
          new Thread(
              () -> {
                try (BufferedReader out =
                    new BufferedReader(
                        new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                  for (String line; (line = out.readLine()) != null; ) {
                    if (line.startsWith("ACK ")) {
                      lastAck.set(Long.parseLong(line.substring(4)));
                    }
                  }
                } catch (java.io.IOException e) {
                  // the child was killed mid-line
                }
              });
      reader.start();
      // Let it start, then kill it at a random moment of its ingesting.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (lastAck.get() == acknowledged && System.nanoTime() < deadline && child.isAlive()) {
        Thread.sleep(10);
      }
      assertThat(lastAck.get()).as("the child acknowledged appends").isGreaterThan(acknowledged);
      Thread.sleep(random.nextInt(50, 600));
      child.destroyForcibly(); // SIGKILL
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
      reader.join(10_000);
      acknowledged = lastAck.get();

      try (RocksDbStore reopened = RocksDbStore.open(store)) {
        List<Sample> sequence =
            reopened.read(CrashIngester.SEQUENCE, Long.MIN_VALUE, Long.MAX_VALUE);
        List<Long> numbers = new ArrayList<>();
        sequence.forEach(s -> numbers.add((long) s.value()));
        assertThat(numbers.size())
            .as("round %d: appends stored, at least the %d acknowledged", round, acknowledged)
            .isGreaterThanOrEqualTo((int) acknowledged);
        for (int i = 0; i < numbers.size(); i++) {
          assertThat(numbers.get(i)).as("sequence without gaps").isEqualTo(i + 1L);
        }
        // What was stored beyond the last ACK printed is kept as the next round's start.
        acknowledged = numbers.size();
      }
    }
  }
}
