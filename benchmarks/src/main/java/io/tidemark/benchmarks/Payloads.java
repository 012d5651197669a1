package io.tidemark.benchmarks;

import io.tidemark.simulator.KubeletSimulator;
import io.tidemark.simulator.SimulatorSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

/** The inputs benchmarks parse: shared fixtures read in place, or simulator payloads. */
final class Payloads {

  private Payloads() {}

  /**
   * A file of the shared fixtures folder: {@code -Dtidemark.fixtures=DIR}, else {@code
   * ../shared/fixtures} from the working directory or its parents.
   */
  static byte[] fixture(String relative) {
    String property = System.getProperty("tidemark.fixtures");
    Path root = property == null ? null : Path.of(property);
    for (Path dir = Path.of("").toAbsolutePath();
        root == null && dir != null;
        dir = dir.getParent()) {
      Path candidate = dir.resolve("../shared/fixtures").normalize();
      if (Files.isDirectory(candidate)) {
        root = candidate;
      }
    }
    if (root == null || !Files.exists(root.resolve(relative))) {
      throw new IllegalStateException(
          "fixture " + relative + " not found; run from the checkout or set -Dtidemark.fixtures");
    }
    try {
      return Files.readAllBytes(root.resolve(relative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The {@code /stats/summary} of one simulated node running {@code pods} pods. */
  static byte[] simulatedSummary(int pods) {
    Clock clock = Clock.fixed(Instant.parse("2026-11-01T00:00:00Z"), ZoneOffset.UTC);
    try (KubeletSimulator simulator =
        KubeletSimulator.start(new SimulatorSpec(1, pods, 42, Duration.ofSeconds(10)), clock, 0)) {
      return simulator.summary(simulator.nodeNames().get(0));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
