package io.tidemark.tools;

import io.tidemark.testkit.ChildProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A process a fleet run started and measures: a {@link ChildProcess} (output in a log file, stopped
 * with SIGTERM then SIGKILL, stopped at exit by a shutdown hook) whose resident memory is also
 * sampled from {@code /proc} every second, a cross-check of the kernel's own peak ({@code VmHWM}).
 *
 * <p>Thread safety: safe from any thread.
 */
final class MeasuredProcess implements AutoCloseable {

  private final ChildProcess child;
  private final ScheduledExecutorService sampler;
  private final AtomicLong maxSampledRss = new AtomicLong(-1);

  private MeasuredProcess(ChildProcess child) {
    this.child = child;
    this.sampler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "rss-sampler-" + child.name());
              t.setDaemon(true);
              return t;
            });
    sampler.scheduleAtFixedRate(this::sample, 0, 1, TimeUnit.SECONDS);
  }

  /**
   * Starts {@code command} in {@code workDir}, standard output and error appended to {@code log},
   * and starts sampling it.
   */
  static MeasuredProcess start(String name, List<String> command, Path workDir, Path log)
      throws IOException {
    return new MeasuredProcess(ChildProcess.start(name, command, workDir, log));
  }

  private void sample() {
    if (!child.isAlive()) {
      return;
    }
    try {
      maxSampledRss.accumulateAndGet(ProcFs.read(child.pid()).rssBytes(), Math::max);
    } catch (UncheckedIOException e) {
      // exited between the check and the read
    }
  }

  /** The process itself: its pid, log, liveness, signals. */
  ChildProcess child() {
    return child;
  }

  /**
   * Its CPU seconds and memory now. Read before stopping: once it has exited, {@code /proc} no
   * longer knows it, and this throws.
   */
  ProcFs.Usage usage() {
    child.ensureAlive();
    ProcFs.Usage u = ProcFs.read(child.pid());
    maxSampledRss.accumulateAndGet(u.rssBytes(), Math::max);
    return u;
  }

  /** The largest RSS the once-a-second sampler (or a {@link #usage()} call) saw; -1 if none. */
  long maxSampledRss() {
    return maxSampledRss.get();
  }

  /** Stops sampling and stops it: {@link ChildProcess#stop}, returning the exit status. */
  int stop(Duration grace) {
    sampler.shutdownNow();
    return child.stop(grace);
  }

  /** Stops sampling and stops it, if still running, with {@link ChildProcess#CLOSE_GRACE}. */
  @Override
  public void close() {
    stop(ChildProcess.CLOSE_GRACE);
  }
}
