package io.tidemark.tools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A process a fleet run started and measures: its output goes to a log file, its resident memory is
 * sampled every second (a cross-check of the kernel's own peak, {@code VmHWM}), and it is stopped
 * with SIGTERM, then SIGKILL only if it outlives a grace period.
 *
 * <p>Every child still running when this JVM exits (an interrupted run, a failure) is sent SIGTERM
 * by a shutdown hook, so a run never leaves servers behind.
 *
 * <p>Thread safety: safe from any thread.
 */
final class ChildProcess implements AutoCloseable {

  private static final Set<ChildProcess> RUNNING = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(ChildProcess::stopAll, "fleet-children-stop"));
  }

  /** Stops every child still running (SIGTERM, SIGKILL after 20 s). */
  static void stopAll() {
    for (ChildProcess child : List.copyOf(RUNNING)) {
      child.stop(Duration.ofSeconds(20));
    }
  }

  private final String name;
  private final Process process;
  private final Path log;
  private final ScheduledExecutorService sampler;
  private final AtomicLong maxSampledRss = new AtomicLong(-1);
  private volatile ProcFs.Usage last;
  private volatile boolean killed;

  private ChildProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
    this.sampler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "rss-sampler-" + name);
              t.setDaemon(true);
              return t;
            });
    sampler.scheduleAtFixedRate(this::sample, 0, 1, TimeUnit.SECONDS);
  }

  /**
   * Starts {@code command} in {@code workDir}, standard output and error appended to {@code log}.
   */
  static ChildProcess start(String name, List<String> command, Path workDir, Path log)
      throws IOException {
    Files.createDirectories(log.getParent());
    Process process =
        new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    ChildProcess child = new ChildProcess(name, process, log);
    RUNNING.add(child);
    return child;
  }

  private void sample() {
    if (!process.isAlive()) {
      return;
    }
    try {
      ProcFs.Usage u = ProcFs.read(process.pid());
      last = u;
      maxSampledRss.accumulateAndGet(u.rssBytes(), Math::max);
    } catch (UncheckedIOException e) {
      // exited between the check and the read
    }
  }

  /** The name given at start, for messages. */
  String name() {
    return name;
  }

  /** The operating system's id of the process. */
  long pid() {
    return process.pid();
  }

  /** Where its output goes. */
  Path log() {
    return log;
  }

  /** Whether it is still running. */
  boolean isAlive() {
    return process.isAlive();
  }

  /** Throws, with the end of its log, if it has exited. */
  void ensureAlive() {
    if (!process.isAlive()) {
      throw new IllegalStateException(
          name + " exited with status " + process.exitValue() + "; its log ends:\n" + logTail(30));
    }
  }

  /**
   * Its CPU seconds and memory now. Read before stopping: once it has exited, {@code /proc} no
   * longer knows it, and this throws.
   */
  ProcFs.Usage usage() {
    ensureAlive();
    ProcFs.Usage u = ProcFs.read(process.pid());
    last = u;
    maxSampledRss.accumulateAndGet(u.rssBytes(), Math::max);
    return u;
  }

  /** The latest reading taken, by {@link #usage()} or the sampler; null before any. */
  ProcFs.Usage lastUsage() {
    return last;
  }

  /** The largest RSS the once-a-second sampler (or a {@link #usage()} call) saw; -1 if none. */
  long maxSampledRss() {
    return maxSampledRss.get();
  }

  /**
   * SIGTERM, then waits up to {@code grace}; SIGKILL if still running. Returns the exit status (143
   * or 137 when the process died of the signal rather than exiting).
   */
  int stop(Duration grace) {
    sampler.shutdownNow();
    try {
      if (process.isAlive()) {
        process.destroy();
        if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
          killed = true;
          process.destroyForcibly();
          process.waitFor(30, TimeUnit.SECONDS);
        }
      }
      return process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      killed = true;
      process.destroyForcibly();
      return -1;
    } finally {
      RUNNING.remove(this);
    }
  }

  /** Sends it {@code signal} (such as {@code HUP}) with {@code kill}. */
  void signal(String signal) {
    ensureAlive();
    ProcFs.run("kill", "-" + signal, Long.toString(process.pid()));
  }

  /** Whether {@link #stop} had to kill it. */
  boolean killed() {
    return killed;
  }

  /** The last {@code lines} lines of its log. */
  String logTail(int lines) {
    try {
      if (!Files.exists(log)) {
        return "(no log)";
      }
      List<String> all =
          List.of(
              new String(Files.readAllBytes(log), StandardCharsets.UTF_8)
                  .split("\n", -1)); // tolerate partial lines
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      stop(Duration.ofSeconds(60));
    } else {
      sampler.shutdownNow();
      RUNNING.remove(this);
    }
  }
}
