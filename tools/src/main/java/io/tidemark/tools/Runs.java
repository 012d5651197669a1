package io.tidemark.tools;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The parts of a fleet run's life both mains share: progress lines on standard error (the report
 * goes to standard output), waiting out a phase while checking the children are alive, and the
 * clean-up of the temporary directory.
 */
final class Runs {

  private Runs() {}

  /** A timestamped progress line on standard error. */
  static void log(String format, Object... args) {
    System.err.printf(
        "[%s] %s%n",
        LocalTime.now().format(DateTimeFormatter.ofPattern("HH:mm:ss")), format.formatted(args));
    System.err.flush();
  }

  /**
   * Waits {@code length}, checking every second that every process in {@code watched} still runs
   * (failing with its log otherwise) and printing progress about every {@code length / 5}, at most
   * once every 30 s.
   */
  static void await(String phase, Duration length, List<ChildProcess> watched)
      throws InterruptedException {
    long start = System.nanoTime();
    long end = start + length.toNanos();
    long every = Math.max(Duration.ofSeconds(30).toNanos(), length.toNanos() / 5);
    long nextProgress = start + every;
    while (true) {
      long now = System.nanoTime();
      if (now >= end) {
        return;
      }
      for (ChildProcess p : watched) {
        p.ensureAlive();
      }
      if (now >= nextProgress) {
        log("  %s: %d s of %d s", phase, (now - start) / 1_000_000_000L, length.toSeconds());
        nextProgress += every;
      }
      Thread.sleep(Math.min(1000, Math.max(1, (end - now) / 1_000_000)));
    }
  }

  /**
   * Makes sure {@code work} is removed even when the run is interrupted (Ctrl-C, SIGTERM): at the
   * JVM's exit, the children still running are stopped and then the directory is deleted, unless
   * {@code keep}. A run that ends normally removes it with {@link #cleanUp} first.
   */
  static void cleanUpAtExit(Path work, boolean keep) {
    if (keep) {
      return;
    }
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  ChildProcess.stopAll();
                  try {
                    Dirs.delete(work);
                  } catch (IOException | RuntimeException e) {
                    System.err.println("could not remove " + work + ": " + e.getMessage());
                  }
                },
                "fleet-work-cleanup"));
  }

  /** Removes {@code work} unless {@code keep}; says which. */
  static void cleanUp(Path work, boolean keep) {
    if (keep) {
      log("kept the temporary directory %s", work);
      return;
    }
    try {
      Dirs.delete(work);
    } catch (IOException e) {
      log("could not remove %s: %s", work, e.getMessage());
    }
  }
}
