package io.tidemark.tools;

import io.tidemark.testkit.ChildProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import net.sourceforge.argparse4j.helper.HelpScreenException;
import net.sourceforge.argparse4j.inf.ArgumentParser;
import net.sourceforge.argparse4j.inf.ArgumentParserException;
import net.sourceforge.argparse4j.inf.Namespace;

/**
 * The parts of a fleet run's life both mains share: reading the command line and turning the
 * outcome into an exit status, progress lines on standard error (the report goes to standard
 * output), waiting out a phase while checking the children are alive, and the clean-up of the
 * temporary directory.
 *
 * <p>Thread safety: stateless; safe from any thread.
 */
final class Runs {

  /** The body of a run. */
  @FunctionalInterface
  interface Body {

    /** Runs with {@code options}; false, after saying why, if part of the run failed. */
    boolean run(Namespace options) throws Exception;
  }

  private Runs() {}

  /**
   * Parses {@code args} with {@code parser} and runs {@code body}: the usage text on {@code
   * --help}; exit status 2, with the problem and the usage, on bad options; 1 on a failed run (an
   * exception, or {@code body} returning false after reporting why).
   *
   * @param tool the tool's name, before every message ({@code load: the run failed: ...})
   */
  static void main(String tool, ArgumentParser parser, String[] args, Body body) {
    Namespace options;
    try {
      options = Options.parse(parser, args);
    } catch (HelpScreenException e) {
      return;
    } catch (ArgumentParserException e) {
      parser.handleError(e);
      System.exit(2);
      return;
    }
    try {
      if (!body.run(options)) {
        System.exit(1);
      }
    } catch (Exception e) {
      System.err.println(tool + ": the run failed: " + e);
      if (!(e instanceof IllegalStateException)) {
        e.printStackTrace();
      }
      System.exit(1);
    }
  }

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
  static void await(String phase, Duration length, List<MeasuredProcess> watched)
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
      for (MeasuredProcess p : watched) {
        p.child().ensureAlive();
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
