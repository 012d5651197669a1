package io.tidemark.collector.scrape;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Histogram;
import com.codahale.metrics.MetricRegistry;
import io.tidemark.collector.targets.TargetSource;
import io.tidemark.config.TargetSpec;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link Scraper} for every target once per interval.
 *
 * <p>Each target has a fixed phase within the interval, derived from its node name, so scrapes are
 * spread evenly (no thundering herd) and keep their phase across restarts. A target whose previous
 * scrape is still running is skipped for that round, never scraped twice at once. Targets that are
 * down are scraped by a pool of their own, so slow or failing kubelets cannot take the workers of
 * the healthy ones, and they back off: after {@code n} failures in a row a target is tried every
 * {@code min(2^(n-1), 4)} intervals, at its usual phase. The target list is asked again every few
 * seconds, so targets that appear are scraped from their next phase and targets that go away stop
 * being scraped.
 *
 * <p>One ticker thread serves every target: it sleeps until the next target is due and then hands
 * every target due within {@link #COALESCE_NANOS} to the workers in one wake-up, instead of one
 * timer task and one wake-up per target and interval (at 5,000 targets every 15 s that was 333
 * wake-ups a second, each a few hundred microseconds of futex and timer-queue work on these
 * machines). Due times are kept on the monotonic clock; a ticker late by more than an interval (a
 * long pause) moves a target to its next phase instead of scraping it twice in a row.
 *
 * <p>Thread safety: {@link #statuses()} may be called from any thread. The due queue and the slots'
 * due times are touched only on the ticker thread ({@link #reconcile} runs there too).
 */
public final class ScrapeScheduler implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ScrapeScheduler.class);

  /** Targets due within this much of the earliest one are triggered in the same wake-up. */
  static final long COALESCE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

  private final TargetSource source;
  private final Scraper scraper;
  private final long intervalMillis;
  private final Clock clock;
  private final ScheduledExecutorService ticker;
  private final ThreadPoolExecutor workers;
  private final ThreadPoolExecutor retryWorkers;
  private final Histogram durations;
  private final long intervalNanos;
  private final Map<String, Slot> slots = new ConcurrentHashMap<>();
  private final PriorityQueue<Slot> due =
      new PriorityQueue<>(Comparator.comparingLong((Slot slot) -> slot.dueNanos));
  private ScheduledFuture<?> wakeUp;
  private long wakeUpAt;
  private final Counter scrapes;
  private final Counter failures;
  private final Counter skipped;
  private final Counter crashes;
  private volatile boolean running;

  /** One target's schedule and latest status. */
  private static final class Slot {
    final TargetSpec target;
    final AtomicBoolean inFlight = new AtomicBoolean();
    int roundsSkipped;
    volatile TargetStatus status;
    long dueNanos;
    boolean cancelled;

    Slot(TargetSpec target) {
      this.target = target;
      this.status = TargetStatus.unknown(target);
    }
  }

  /**
   * A scheduler, not yet started.
   *
   * @param concurrency how many scrapes may run at once
   */
  public ScrapeScheduler(
      TargetSource source,
      Scraper scraper,
      Duration interval,
      int concurrency,
      Clock clock,
      MetricRegistry metrics) {
    this.source = source;
    this.scraper = scraper;
    this.intervalMillis = interval.toMillis();
    this.intervalNanos = TimeUnit.MILLISECONDS.toNanos(intervalMillis);
    this.clock = clock;
    ScheduledThreadPoolExecutor tickerPool =
        new ScheduledThreadPoolExecutor(1, daemonThreads("scrape-ticker"));
    tickerPool.setRemoveOnCancelPolicy(true);
    this.ticker = tickerPool;
    this.workers = pool(concurrency, "scrape-worker");
    this.retryWorkers = pool(concurrency, "scrape-retry");
    this.scrapes = metrics.counter("tidemark_scrapes_total");
    this.failures = metrics.counter("tidemark_scrape_failures_total");
    this.skipped = metrics.counter("tidemark_scrapes_skipped_total");
    this.crashes = metrics.counter("tidemark_scrape_crashes_total");
    this.durations =
        metrics.histogram(
            "tidemark_scrape_duration_micros",
            () -> new Histogram(new HdrReservoir(TimeUnit.HOURS.toMicros(1))));
  }

  private static ThreadPoolExecutor pool(int threads, String name) {
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            threads,
            threads,
            60,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            daemonThreads(name));
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  /** Starts scheduling; the target list is read at once and then every few seconds. */
  public synchronized void start() {
    running = true;
    long refresh = Math.min(intervalMillis, 5_000);
    ticker.scheduleWithFixedDelay(this::reconcileQuietly, 0, refresh, TimeUnit.MILLISECONDS);
  }

  /** The status of every current target, sorted by node name. */
  public List<TargetStatus> statuses() {
    List<TargetStatus> out = new ArrayList<>(slots.size());
    for (Slot slot : slots.values()) {
      out.add(slot.status);
    }
    out.sort(Comparator.comparing(s -> s.target().node()));
    return out;
  }

  private void reconcileQuietly() {
    try {
      reconcile();
    } catch (RuntimeException e) {
      LOG.error("cannot refresh the target list; keeping the current one", e);
    }
  }

  private synchronized void reconcile() {
    if (!running) {
      return;
    }
    List<TargetSpec> wanted = source.current();
    Set<String> names = new HashSet<>();
    for (TargetSpec target : wanted) {
      names.add(target.node());
      Slot existing = slots.get(target.node());
      if (existing != null && existing.target.equals(target)) {
        continue;
      }
      if (existing != null) {
        existing.cancelled = true;
      }
      Slot slot = new Slot(target);
      slot.dueNanos =
          System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delayToPhase(target.node()));
      due.add(slot);
      slots.put(target.node(), slot);
      LOG.info("scraping {} at {} every {} ms", target.node(), target.url(), intervalMillis);
    }
    for (Slot slot : List.copyOf(slots.values())) {
      if (!names.contains(slot.target.node())) {
        slot.cancelled = true;
        slots.remove(slot.target.node());
        scraper.forget(slot.target.node());
        LOG.info("stopped scraping {}: no longer a target", slot.target.node());
      }
    }
    pump();
  }

  /**
   * On the ticker thread: triggers every target due by now (and within {@link #COALESCE_NANOS} of
   * now), moves each to its next interval, and sleeps until the next one is due.
   */
  private synchronized void pump() {
    if (!running) {
      return;
    }
    long now = System.nanoTime();
    Slot slot;
    while ((slot = due.peek()) != null && slot.dueNanos - now <= COALESCE_NANOS) {
      due.poll();
      if (slot.cancelled) {
        continue;
      }
      trigger(slot);
      slot.dueNanos += intervalNanos;
      if (slot.dueNanos - now <= 0) { // the ticker was late by a whole interval: next phase
        slot.dueNanos += ((now - slot.dueNanos) / intervalNanos + 1) * intervalNanos;
      }
      due.add(slot);
    }
    if (slot == null) {
      return;
    }
    long at = slot.dueNanos;
    if (wakeUp != null && !wakeUp.isDone()) {
      if (wakeUpAt - at <= 0) {
        return; // an earlier wake-up is already scheduled
      }
      wakeUp.cancel(false);
    }
    wakeUpAt = at;
    try {
      wakeUp = ticker.schedule(this::pumpQuietly, Math.max(0, at - now), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      // stopping
    }
  }

  private void pumpQuietly() {
    try {
      pump();
    } catch (RuntimeException e) {
      LOG.error("scrape ticker failed; retrying in a second", e);
      ticker.schedule(this::pumpQuietly, 1, TimeUnit.SECONDS);
    }
  }

  /** Milliseconds from now to the target's next phase within the interval. */
  private long delayToPhase(String node) {
    long phase = Math.floorMod(fnv1a(node), intervalMillis);
    long now = clock.millis();
    return Math.floorMod(phase - now, intervalMillis);
  }

  private void trigger(Slot slot) {
    if (!running) {
      return;
    }
    TargetStatus status = slot.status;
    boolean down = status.health() == Health.DOWN;
    if (down) {
      int backoff = 1 << Math.min(2, status.consecutiveFailures() - 1);
      if (++slot.roundsSkipped < backoff) {
        return;
      }
    }
    slot.roundsSkipped = 0;
    if (!slot.inFlight.compareAndSet(false, true)) {
      skipped.inc();
      return;
    }
    try {
      (down ? retryWorkers : workers).execute(() -> run(slot));
    } catch (RejectedExecutionException e) {
      slot.inFlight.set(false);
    }
  }

  private void run(Slot slot) {
    try {
      TargetStatus before = slot.status;
      TargetStatus after = scraper.scrape(before);
      scrapes.inc();
      durations.update(after.lastDuration().toNanos() / 1000);
      if (after.health() == Health.DOWN) {
        failures.inc();
        if (before.health() != Health.DOWN) {
          LOG.warn("target {} is down: {}", slot.target.node(), after.lastError());
        }
      } else if (before.health() == Health.DOWN) {
        LOG.info("target {} is up again", slot.target.node());
      }
      slot.status = after;
    } catch (InterruptedIOException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      crashes.inc();
      LOG.error("scrape of {} failed unexpectedly", slot.target.node(), e);
    } finally {
      slot.inFlight.set(false);
    }
  }

  /**
   * Stops scheduling and waits up to {@code grace} for scrapes in flight to finish and be stored.
   */
  public void stop(Duration grace) {
    synchronized (this) {
      running = false;
    }
    ticker.shutdownNow();
    workers.shutdown();
    retryWorkers.shutdown();
    long deadline = System.nanoTime() + grace.toNanos();
    try {
      for (ThreadPoolExecutor pool : List.of(workers, retryWorkers)) {
        long left = Math.max(0, deadline - System.nanoTime());
        if (!pool.awaitTermination(left, TimeUnit.NANOSECONDS)) {
          LOG.warn("scrapes still running after {}; interrupting them", grace);
          pool.shutdownNow();
          pool.awaitTermination(5, TimeUnit.SECONDS);
        }
      }
    } catch (InterruptedException e) {
      workers.shutdownNow();
      retryWorkers.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    stop(Duration.ofSeconds(30));
  }

  private static long fnv1a(String text) {
    long hash = 0xcbf29ce484222325L;
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      hash ^= b & 0xff;
      hash *= 0x100000001b3L;
    }
    return hash;
  }

  private static ThreadFactory daemonThreads(String name) {
    AtomicInteger count = new AtomicInteger();
    return r -> {
      Thread thread = new Thread(r, name + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
