package io.tidemark.tools;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidemark.tools.LoadRun.Snapshot;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The load test's report: its figures (each with how it was obtained), the Markdown around them and
 * the JSON file, from what {@link LoadRun} measured.
 */
final class LoadReport {

  /**
   * What the run was asked to do, and where.
   *
   * @param nodes simulated nodes
   * @param pods pods per node
   * @param endpoints endpoints scraped
   * @param interval scrape interval
   * @param warmup unmeasured run before the window
   * @param duration the window asked for
   * @param seed simulation seed
   * @param jvmOptions options of Tidemark's JVM
   * @param simulatorJvmOptions options of the simulator's JVM
   * @param started when the run started
   * @param machine the machine
   * @param jar what Tidemark ran from
   */
  record Run(
      int nodes,
      int pods,
      List<String> endpoints,
      Duration interval,
      Duration warmup,
      Duration duration,
      long seed,
      List<String> jvmOptions,
      List<String> simulatorJvmOptions,
      Instant started,
      Machine machine,
      TidemarkJar jar) {}

  /**
   * What was measured.
   *
   * @param s0 the reading at the start of the window
   * @param s1 the reading at its end
   * @param durations scrape durations stored for the scrapes started in the window, in seconds
   * @param histogram the admin histogram {@code tidemark_scrape_duration_micros} at the end
   * @param tsdbEnd {@code /api/v1/status/tsdb} at the end
   * @param flags the JVM flags in effect
   * @param maxSampledRss the largest RSS sampled once a second
   * @param storeBytes the store directory after the clean shutdown
   * @param breakdown that directory by kind of file
   * @param compactedSamples the samples {@code compact} counted; -1 if it did not run
   * @param compactedBytes the store directory after {@code compact}; -1 if it did not run
   * @param exit Tidemark's exit status
   * @param killed whether Tidemark had to be killed
   * @param simulatorExit the simulator's exit status
   */
  record Measured(
      Snapshot s0,
      Snapshot s1,
      List<Double> durations,
      JsonNode histogram,
      JsonNode tsdbEnd,
      String flags,
      long maxSampledRss,
      long storeBytes,
      Map<String, Long> breakdown,
      long compactedSamples,
      long compactedBytes,
      int exit,
      boolean killed,
      int simulatorExit) {}

  private LoadReport() {}

  /** Every figure of the report, computed from the readings. */
  static Figures figures(Run r, Measured m) {
    Snapshot s0 = m.s0();
    Snapshot s1 = m.s1();
    List<Double> durations = m.durations();
    long compactedSamples = m.compactedSamples();
    long compactedBytes = m.compactedBytes();
    long storeBytes = m.storeBytes();
    long maxSampledRss = m.maxSampledRss();
    int exit = m.exit();
    int nodes = r.nodes();
    Duration interval = r.interval();
    double wall = (s1.nanos() - s0.nanos()) / 1e9;
    long samples = s1.samples() - s0.samples();
    long scrapes = s1.scrapes() - s0.scrapes();
    long skipped = s1.skipped() - s0.skipped();
    long failures = s1.failures() - s0.failures();
    long crashes = s1.crashes() - s0.crashes();
    double cpu = s1.tidemark().cpuSeconds() - s0.tidemark().cpuSeconds();
    double simCpu = s1.simulator().cpuSeconds() - s0.simulator().cpuSeconds();
    long peak = s1.tidemark().peakRssBytes();
    long stored =
        compactedSamples > 0 ? compactedSamples : m.tsdbEnd().path("samplesIngested").asLong();
    double expected = nodes * wall / (interval.toMillis() / 1000.0);
    double p50 = Stats.quantile(durations, 0.50);
    double p99 = Stats.quantile(durations, 0.99);
    double max = durations.isEmpty() ? Double.NaN : Collections.max(durations); // exact, not binned
    double intervalSeconds = interval.toMillis() / 1000.0;
    boolean inside =
        skipped == 0
            && failures == 0
            && crashes == 0
            && !durations.isEmpty()
            && max < intervalSeconds;
    String window = "over the measured window (" + Table.number(wall, 1) + " s)";
    Figures f = new Figures();
    f.add(
        "windowSeconds",
        wall,
        "measured window",
        Table.number(wall, 1) + " s",
        "wall clock between the two readings");
    f.add(
        "samplesIngested",
        samples,
        "samples ingested",
        Table.count(samples),
        "delta of samplesIngested (/api/v1/status/tsdb) " + window);
    f.add(
        "samplesPerSecond",
        samples / wall,
        "samples ingested per second",
        Table.number(samples / wall, 0),
        "samples ingested / window");
    f.add(
        "nodeScrapes",
        scrapes,
        "node-scrapes",
        Table.count(scrapes) + " (expected ~" + Table.number(expected, 0) + ")",
        "delta of tidemark_scrapes_total (admin /metrics); expected = nodes x window / interval");
    f.add(
        "collectorCpuSeconds",
        cpu,
        "collector CPU seconds",
        Table.number(cpu, 2),
        "utime+stime of the Tidemark JVM (/proc/PID/stat, CLK_TCK) " + window);
    f.add(
        "collectorCores",
        cpu / wall,
        "collector cores used (average)",
        Table.number(cpu / wall, 3),
        "CPU seconds / window");
    f.add(
        "cpuSecondsPerMillionSamples",
        cpu / (samples / 1e6),
        "CPU seconds per million samples",
        Table.number(cpu / (samples / 1e6), 2),
        "CPU seconds / samples ingested x 10^6");
    f.add(
        "cpuMillisPerNodeScrape",
        cpu * 1000 / scrapes,
        "CPU milliseconds per node-scrape",
        Table.number(cpu * 1000 / scrapes, 3),
        "CPU seconds / node-scrapes x 1000");
    f.add(
        "peakRssBytes",
        peak,
        "collector peak RSS",
        Table.mib(peak),
        "VmHWM (/proc/PID/status) at the end of the window: the peak over the whole run");
    f.add(
        "maxSampledRssBytes",
        maxSampledRss,
        "collector RSS, largest sampled",
        Table.mib(maxSampledRss),
        "VmRSS read once a second over the run: a cross-check of the peak");
    f.add(
        "rssPerNodeBytes",
        (double) peak / nodes,
        "peak RSS per scraped node",
        Table.number(peak / 1024.0 / nodes, 1) + " KiB",
        "peak RSS / nodes (includes the JVM's fixed base: compare two fleet sizes for the slope)");
    f.add(
        "storeBytesAfterShutdown",
        storeBytes,
        "store on disk after clean shutdown",
        Table.mib(storeBytes),
        "every file under storage.path after SIGTERM (exit status "
            + exit
            + "): the shutdown writes the open chunks into the head family, deletes the journal"
            + " and the write-ahead log, and closes RocksDB");
    f.add(
        "storedSamples",
        stored,
        "samples in the store",
        Table.count(stored),
        compactedSamples > 0
            ? "as the compact command counts them (warm-up included)"
            : "samplesIngested at the end (warm-up included)");
    f.add(
        "bytesPerSampleAfterShutdown",
        (double) storeBytes / stored,
        "bytes on disk per sample, after shutdown",
        Table.number((double) storeBytes / stored, 2),
        "store on disk after shutdown / samples in the store");
    f.add(
        "bytesPerSampleAfterCompact",
        compactedBytes < 0 ? Double.NaN : (double) compactedBytes / stored,
        "bytes on disk per sample, after compact",
        compactedBytes < 0 ? Table.NA : Table.number((double) compactedBytes / stored, 2),
        "the same after `tidemark compact --storage` (open chunks written, full compaction);"
            + " small stores are dominated by fixed files (RocksDB logs, manifest)");
    f.add(
        "scrapeDurationP50Seconds",
        p50,
        "scrape duration p50",
        Table.millis(p50 * 1000),
        "scrape_duration_seconds stored for each scrape "
            + "started in the window ("
            + durations.size()
            + " scrapes), nearest rank");
    f.add(
        "scrapeDurationP99Seconds",
        p99,
        "scrape duration p99",
        Table.millis(p99 * 1000),
        "the same");
    f.add(
        "scrapeDurationMaxSeconds",
        max,
        "scrape duration max",
        Table.millis(max * 1000),
        "the same");
    f.add(
        "scrapeDurationP99SinceStartSeconds",
        m.histogram().path("p99").asDouble(Double.NaN) / 1e6,
        "scrape duration p99 since start",
        Table.millis(m.histogram().path("p99").asDouble(Double.NaN) / 1000),
        "admin histogram tidemark_scrape_duration_micros (warm-up included): a cross-check");
    f.add(
        "skippedScrapes",
        skipped,
        "skipped scrapes",
        Table.count(skipped),
        "delta of tidemark_scrapes_skipped_total: a node's previous scrape still running at its"
            + " next tick");
    f.add(
        "failedScrapes",
        failures + crashes,
        "failed scrapes",
        Table.count(failures + crashes),
        "delta of tidemark_scrape_failures_total + tidemark_scrape_crashes_total");
    f.add(
        "everyScrapeInsideInterval",
        inside,
        "every scrape finished inside its interval",
        inside ? "yes" : "**no**",
        "no skipped or failed scrape, and max duration < interval ("
            + Options.format(interval)
            + ")");
    f.add(
        "simulatorCpuSeconds",
        simCpu,
        "simulator CPU seconds",
        Table.number(simCpu, 2),
        "the simulator's JVM, same window: not counted above");
    f.add(
        "simulatorCores",
        simCpu / wall,
        "simulator cores used (average)",
        Table.number(simCpu / wall, 3),
        "simulator CPU seconds / window");
    f.add(
        "simulatorPeakRssBytes",
        s1.simulator().peakRssBytes(),
        "simulator peak RSS",
        Table.mib(s1.simulator().peakRssBytes()),
        "VmHWM of the simulator");
    return f;
  }

  /** The report in Markdown: the run, the machine, the figures' table, warnings. */
  static String markdown(Run r, Measured m, Figures figures) {
    StringBuilder md = new StringBuilder();
    md.append("## Fleet load test, ")
        .append(r.started().truncatedTo(ChronoUnit.SECONDS))
        .append("\n\n");
    md.append(
        String.format(
            "- Fleet: %,d simulated nodes x %d pods (seed %d), endpoints %s, scraped every %s;"
                + " warm-up %s (not measured), measured %s.%n",
            r.nodes(),
            r.pods(),
            r.seed(),
            String.join(",", r.endpoints()),
            Options.format(r.interval()),
            Options.format(r.warmup()),
            Options.format(r.duration())));
    md.append("- Machine: ").append(r.machine().summary()).append(".\n");
    md.append("- Tidemark JVM options: ")
        .append(r.jvmOptions().isEmpty() ? "(none given)" : String.join(" ", r.jvmOptions()))
        .append("; flags in effect: `")
        .append(m.flags())
        .append("`.\n");
    md.append("- Jar: `").append(r.jar().classPath()).append("`.\n");
    md.append(
        "- Simulator and Tidemark each in its own process on loopback; CPU and memory from"
            + " /proc, per process.\n\n");
    md.append(figures.table().markdown()).append('\n');
    md.append("Store after shutdown by kind of file: ").append(m.breakdown()).append(".\n");
    if (m.exit() != 0 || m.killed()) {
      md.append("\n**Warning: Tidemark did not shut down cleanly (exit status ")
          .append(m.exit())
          .append(m.killed() ? ", killed after the grace period" : "")
          .append("); the disk figures are of an unclean store.**\n");
    }
    if (m.simulatorExit() != 0 && m.simulatorExit() != 143) {
      md.append("\nNote: the simulator exited with status ")
          .append(m.simulatorExit())
          .append(".\n");
    }
    return md.toString();
  }

  /** The JSON file: the run, the machine, the figures and the raw readings behind them. */
  static Map<String, Object> json(Run r, Measured m, Figures figures) {
    Map<String, Object> options = new LinkedHashMap<>();
    options.put("nodes", r.nodes());
    options.put("pods", r.pods());
    options.put("endpoints", r.endpoints());
    options.put("interval", Options.format(r.interval()));
    options.put("warmup", Options.format(r.warmup()));
    options.put("duration", Options.format(r.duration()));
    options.put("seed", r.seed());
    options.put("tidemarkJvmOptions", r.jvmOptions());
    options.put("simulatorJvmOptions", r.simulatorJvmOptions());
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("tool", "load");
    json.put("started", r.started().toString());
    json.put("options", options);
    json.put("machine", r.machine());
    json.put("jar", r.jar().classPath());
    json.put("tidemarkJvmFlags", m.flags());
    json.put("figures", figures.json());
    json.put("storeBreakdownAfterShutdown", m.breakdown());
    json.put("tsdbStatusAtEnd", m.tsdbEnd());
    json.put("scrapeDurationHistogramSinceStart", m.histogram());
    json.put("tidemarkExitStatus", m.exit());
    json.put("simulatorExitStatus", m.simulatorExit());
    return json;
  }
}
