package io.tidemark.tools;

import static io.tidemark.tools.Options.Option.flag;
import static io.tidemark.tools.Options.Option.value;

import io.tidemark.tools.Options.Option;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The side-by-side ({@code benchmarks/compare.sh}): one simulated fleet's {@code /metrics/resource}
 * scraped at the same interval for the same time by Tidemark, Prometheus and VictoriaMetrics, one
 * after another, each on loopback in its own temporary directory, measured from outside the same
 * way; then the same queries against each, and the ratios Tidemark / peer.
 *
 * <pre>
 * java -cp tools/target/tools.jar io.tidemark.tools.CompareRun \
 *     --nodes 1000 --pods 30 --interval 15s --duration 10m --warmup 2m
 * </pre>
 *
 * <p>The systems run one after another rather than together so that none steals CPU from another on
 * these small machines; the fleet is the same process throughout, so later systems see later
 * updates of the same simulated pods (with the simulator's churn, the series counts can differ
 * slightly, which the report points out).
 */
public final class CompareRun {

  static final List<Option> OPTIONS =
      List.of(
          value("nodes", "100", "simulated nodes"),
          value("pods", "30", "pods on each simulated node"),
          value(
              "interval", "15s", "scrape interval of every system; the simulator updates as often"),
          value("duration", "10m", "measured window of each system"),
          value(
              "warmup",
              "",
              "run of each system before its window, not measured (default 3 intervals)"),
          value(
              "systems",
              String.join(",", ScrapeSystem.NAMES),
              "systems to run, in this order (tidemark, prometheus, victoriametrics)"),
          value("out", "", "output directory (default benchmarks/results/compare-TIMESTAMP)"),
          value("jvm-opts", "", "options of Tidemark's JVM, one quoted argument"),
          value("simulator-jvm-opts", "", "options of the simulator's JVM"),
          value("seed", "42", "simulation seed"),
          value("query-runs", "5", "timed runs of each query (after one untimed)"),
          value("prometheus-bin", "prometheus", "the Prometheus server binary"),
          value("victoriametrics-bin", "victoria-metrics", "the VictoriaMetrics binary"),
          value(
              "jar",
              "",
              "jar holding the collector (default collector/target/tidemark.jar, else this class"
                  + " path)"),
          flag("keep", "keep the temporary directory (data, configurations, logs) and say where"));

  private static final String SYNOPSIS =
      "usage: benchmarks/compare.sh [options]\n"
          + "Tidemark, Prometheus and VictoriaMetrics scraping the same simulated fleet, in turn.";

  private CompareRun() {}

  /** Runs the side-by-side; exit status 2 on bad options, 1 on a failed run. */
  public static void main(String[] args) {
    if (Options.wantsHelp(args)) {
      System.out.print(Options.usage(SYNOPSIS, OPTIONS));
      return;
    }
    Options options;
    try {
      options = Options.parse(args, OPTIONS);
      for (String s : options.list("systems")) {
        if (!ScrapeSystem.NAMES.contains(s)) {
          throw new IllegalArgumentException(
              "--systems: unknown system '" + s + "'; use " + ScrapeSystem.NAMES);
        }
      }
    } catch (IllegalArgumentException e) {
      System.err.println("compare: " + e.getMessage());
      System.err.print(Options.usage(SYNOPSIS, OPTIONS));
      System.exit(2);
      return;
    }
    try {
      if (!run(options)) {
        System.err.println("compare: a system failed; see the warnings of the report");
        System.exit(1);
      }
    } catch (Exception e) {
      System.err.println("compare: the run failed: " + e);
      if (!(e instanceof IllegalStateException)) {
        e.printStackTrace();
      }
      System.exit(1);
    }
  }

  /**
   * What one system measured.
   *
   * @param name the system
   * @param version its version
   * @param windowSeconds the measured window
   * @param samples samples it ingested in the window, by its own count
   * @param samplesHow how that count is read
   * @param cpuSeconds its CPU seconds in the window
   * @param simulatorCpuSeconds the simulator's, in the same window
   * @param peakRssBytes its VmHWM at the end of the window
   * @param maxSampledRssBytes the largest RSS sampled once a second
   * @param disk its disk figure
   * @param queries the query timings
   */
  record SystemResult(
      String name,
      String version,
      double windowSeconds,
      long samples,
      String samplesHow,
      double cpuSeconds,
      double simulatorCpuSeconds,
      long peakRssBytes,
      long maxSampledRssBytes,
      ScrapeSystem.Disk disk,
      List<QueryBench.Result> queries) {

    double samplesPerSecond() {
      return samples / windowSeconds;
    }

    double cpuSecondsPerMillionSamples() {
      return samples > 0 ? cpuSeconds / (samples / 1e6) : Double.NaN;
    }

    double bytesPerSample() {
      return disk.samples() > 0 ? (double) disk.bytes() / disk.samples() : Double.NaN;
    }

    double compactedBytesPerSample() {
      return disk.samples() > 0 && disk.compactedBytes() >= 0
          ? (double) disk.compactedBytes() / disk.samples()
          : Double.NaN;
    }

    QueryBench.Result query(String key) {
      return queries.stream().filter(q -> q.key().equals(key)).findFirst().orElseThrow();
    }
  }

  /** Runs the side-by-side; false if a system failed (the others are reported). */
  static boolean run(Options o) throws Exception {
    int nodes = o.positiveInt("nodes");
    int pods = o.positiveInt("pods");
    Duration interval = o.duration("interval");
    Duration duration = o.duration("duration");
    Duration warmup =
        o.string("warmup").isBlank() ? interval.multipliedBy(3) : o.duration("warmup");
    List<String> systems = o.list("systems");
    int queryRuns = o.positiveInt("query-runs");
    if (duration.compareTo(interval) < 0) {
      throw new IllegalArgumentException("--duration must be at least one --interval");
    }
    Map<String, Path> binaries = new LinkedHashMap<>();
    if (systems.contains("prometheus")) {
      binaries.put("prometheus", PeerConfig.findBinary(o.string("prometheus-bin")));
    }
    if (systems.contains("victoriametrics")) {
      binaries.put("victoriametrics", PeerConfig.findBinary(o.string("victoriametrics-bin")));
    }
    TidemarkJar jar = TidemarkJar.resolve(o.string("jar"));
    Path out = Report.outputDir(o.string("out"), "compare");
    Path work = Files.createTempDirectory("tidemark-compare-");
    Runs.cleanUpAtExit(work, o.flag("keep"));
    Machine machine = Machine.describe(jar.java());
    Instant started = Instant.now();
    List<String> warnings = new ArrayList<>();
    for (String peer : List.of("prometheus", "victoria-metric")) {
      List<Long> others = ProcFs.pidsNamed(peer);
      if (!others.isEmpty()) {
        warnings.add(
            "other "
                + peer
                + " processes were running (pids "
                + others
                + "): they share the CPU; stop them for quieter figures");
      }
    }
    Runs.log(
        "compare: %s on %d nodes x %d pods every %s; work in %s",
        systems, nodes, pods, Options.format(interval), work);
    List<SystemResult> results = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    SimulatorProcess simulator =
        SimulatorProcess.start(
            jar,
            o.words("simulator-jvm-opts"),
            nodes,
            pods,
            interval,
            o.longValue("seed"),
            List.of("resource"),
            work.resolve("simulator"));
    try {
      for (String name : systems) {
        ScrapeSystem.Setup setup =
            new ScrapeSystem.Setup(
                jar, o.words("jvm-opts"), simulator, interval, work.resolve(name), binaries);
        try {
          SystemResult r = measure(name, setup, warmup, duration, queryRuns, out);
          results.add(r);
          if (r.disk().exitStatus() != 0 || r.disk().killed()) {
            warnings.add(
                name
                    + " did not stop cleanly (exit status "
                    + r.disk().exitStatus()
                    + (r.disk().killed() ? ", killed" : "")
                    + ")");
          }
        } catch (IOException | RuntimeException e) {
          // One system failing (a peer that will not start, a limit hit) leaves the others'
          // figures worth having; a dead simulator leaves nothing to measure.
          simulator.process().ensureAlive();
          failed.add(name);
          warnings.add(name + " failed and is left out: " + e.getMessage());
          Runs.log("%s failed: %s", name, e);
        }
      }
    } finally {
      simulator.close();
      Report.keepLog(out, simulator.process().log(), "simulator.log");
      Runs.cleanUp(work, o.flag("keep"));
    }

    warnings.addAll(CompareReport.seriesWarnings(results));
    String markdown =
        CompareReport.markdown(
            started,
            nodes,
            pods,
            interval,
            warmup,
            duration,
            queryRuns,
            machine,
            jar,
            o.words("jvm-opts"),
            results,
            warnings);
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("tool", "compare");
    json.put("started", started.toString());
    Map<String, Object> opts = new LinkedHashMap<>();
    opts.put("nodes", nodes);
    opts.put("pods", pods);
    opts.put("interval", Options.format(interval));
    opts.put("warmup", Options.format(warmup));
    opts.put("duration", Options.format(duration));
    opts.put("seed", o.longValue("seed"));
    opts.put("systems", systems);
    opts.put("queryRuns", queryRuns);
    opts.put("tidemarkJvmOptions", o.words("jvm-opts"));
    json.put("options", opts);
    json.put("machine", machine);
    json.put("jar", jar.classPath());
    json.put("summary", CompareReport.summary(results));
    json.put("systems", results);
    json.put("ratios", CompareReport.ratios(results));
    json.put("failedSystems", failed);
    json.put("warnings", warnings);
    Report.write(out, markdown, json);
    System.out.print(markdown);
    Runs.log("wrote %s and %s", out.resolve("result.md"), out.resolve("result.json"));
    return failed.isEmpty();
  }

  /**
   * Starts one system against the fleet, waits out the warm-up, measures the window, runs the
   * queries, measures its disk and stops it; its log is copied to {@code out} whatever happens.
   */
  private static SystemResult measure(
      String name,
      ScrapeSystem.Setup setup,
      Duration warmup,
      Duration duration,
      int queryRuns,
      Path out)
      throws IOException, InterruptedException {
    SimulatorProcess simulator = setup.simulator();
    Runs.log("%s: starting", name);
    ScrapeSystem system = ScrapeSystem.start(name, setup);
    try {
      List<ChildProcess> watched = List.of(simulator.process(), system.process());
      Runs.log(
          "%s up (pid %d); warming up for %s",
          name, system.process().pid(), Options.format(warmup));
      Runs.await(name + " warm-up", warmup, watched);
      long n0 = System.nanoTime();
      ProcFs.Usage u0 = system.process().usage();
      ProcFs.Usage sim0 = simulator.process().usage();
      long samples0 = system.samplesIngested();
      Runs.log("%s: measuring for %s", name, Options.format(duration));
      Runs.await(name + " measuring", duration, watched);
      long n1 = System.nanoTime();
      long endMillis = System.currentTimeMillis();
      ProcFs.Usage u1 = system.process().usage();
      ProcFs.Usage sim1 = simulator.process().usage();
      long samples1 = system.samplesIngested();
      String version = system.version();

      Runs.log("%s: queries", name);
      List<QueryBench.Result> queries = new ArrayList<>();
      for (QueryBench.Spec spec :
          QueryBench.specs(endMillis, warmup.plus(duration), setup.interval())) {
        queries.add(QueryBench.run(system.queryApi(), spec, queryRuns));
      }
      Runs.log("%s: disk", name);
      ScrapeSystem.Disk disk = system.measureDiskAndStop();
      return new SystemResult(
          name,
          version,
          (n1 - n0) / 1e9,
          samples1 - samples0,
          system.samplesHow(),
          u1.cpuSeconds() - u0.cpuSeconds(),
          sim1.cpuSeconds() - sim0.cpuSeconds(),
          u1.peakRssBytes(),
          system.process().maxSampledRss(),
          disk,
          queries);
    } finally {
      system.close();
      Report.keepLog(out, system.process().log(), name + ".log");
    }
  }
}
