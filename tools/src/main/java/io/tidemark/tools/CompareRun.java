package io.tidemark.tools;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.sourceforge.argparse4j.inf.ArgumentParser;
import net.sourceforge.argparse4j.inf.Namespace;

/**
 * The side-by-side ({@code tools/compare.sh}): one simulated fleet's {@code /metrics/resource}
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

  private CompareRun() {}

  /** The command line of {@code tools/compare.sh}. */
  static ArgumentParser parser() {
    ArgumentParser parser =
        Options.parser(
            "tools/compare.sh",
            "Tidemark, Prometheus and VictoriaMetrics scraping the same simulated fleet, in turn.");
    RunSetup.fleetOptions(
        parser,
        "scrape interval of every system; the simulator updates as often",
        "measured window of each system");
    Options.value(
        parser,
        "warmup",
        Options.duration(),
        null,
        "run of each system before its window, not measured (default 3 intervals)");
    Options.value(
        parser,
        "systems",
        Options.listOf("system", ScrapeSystem.NAMES),
        String.join(",", ScrapeSystem.NAMES),
        "systems to run, in this order (tidemark, prometheus, victoriametrics)");
    Options.value(
        parser,
        "query-runs",
        Options.positiveInt(),
        "5",
        "timed runs of each query (after one untimed)");
    Options.value(
        parser, "prometheus-bin", Options.text(), "prometheus", "the Prometheus server binary");
    Options.value(
        parser,
        "victoriametrics-bin",
        Options.text(),
        "victoria-metrics",
        "the VictoriaMetrics binary");
    RunSetup.runOptions(
        parser,
        "compare",
        "keep the temporary directory (data, configurations, logs) and say where");
    return parser;
  }

  /** Runs the side-by-side; exit status 2 on bad options, 1 on a failed run. */
  public static void main(String[] args) {
    Runs.main("compare", parser(), args, CompareRun::run);
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

  /**
   * Runs the side-by-side with {@code options} parsed by {@link #parser()} and reports it; false,
   * after saying so, if a system failed (the others are reported).
   */
  static boolean run(Namespace options) throws Exception {
    List<String> systems = options.get("systems");
    int queryRuns = options.getInt("query_runs");
    Map<String, Path> binaries = new LinkedHashMap<>();
    if (systems.contains("prometheus")) {
      binaries.put("prometheus", PeerConfig.findBinary(options.getString("prometheus_bin")));
    }
    if (systems.contains("victoriametrics")) {
      binaries.put(
          "victoriametrics", PeerConfig.findBinary(options.getString("victoriametrics_bin")));
    }
    RunSetup setup = RunSetup.prepare(options, "compare");
    Duration interval = setup.interval();
    Duration warmup =
        options.get("warmup") == null ? interval.multipliedBy(3) : options.get("warmup");
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
        systems, setup.nodes(), setup.pods(), Options.format(interval), setup.work());
    List<SystemResult> results = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    SimulatorProcess simulator = null;
    try {
      simulator = setup.startSimulator(List.of("resource"));
      for (String name : systems) {
        ScrapeSystem.Setup system =
            new ScrapeSystem.Setup(
                setup.jar(),
                setup.jvmOptions(),
                simulator,
                interval,
                setup.work().resolve(name),
                binaries);
        try {
          SystemResult r = measure(name, system, warmup, setup.duration(), queryRuns, setup.out());
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
          simulator.process().child().ensureAlive();
          failed.add(name);
          warnings.add(name + " failed and is left out: " + e.getMessage());
          Runs.log("%s failed: %s", name, e);
        }
      }
    } finally {
      setup.finish(simulator);
    }

    warnings.addAll(CompareReport.seriesWarnings(results));
    String markdown =
        CompareReport.markdown(
            setup.started(),
            setup.nodes(),
            setup.pods(),
            interval,
            warmup,
            setup.duration(),
            queryRuns,
            setup.machine(),
            setup.jar(),
            setup.jvmOptions(),
            results,
            warnings);
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("tool", "compare");
    json.put("started", setup.started().toString());
    Map<String, Object> opts = new LinkedHashMap<>();
    opts.put("nodes", setup.nodes());
    opts.put("pods", setup.pods());
    opts.put("interval", Options.format(interval));
    opts.put("warmup", Options.format(warmup));
    opts.put("duration", Options.format(setup.duration()));
    opts.put("seed", setup.seed());
    opts.put("systems", systems);
    opts.put("queryRuns", queryRuns);
    opts.put("tidemarkJvmOptions", setup.jvmOptions());
    json.put("options", opts);
    json.put("machine", setup.machine());
    json.put("jar", setup.jar().classPath());
    json.put("summary", CompareReport.summary(results));
    json.put("systems", results);
    json.put("ratios", CompareReport.ratios(results));
    json.put("failedSystems", failed);
    json.put("warnings", warnings);
    Report.write(setup.out(), markdown, json);
    System.out.print(markdown);
    Runs.log(
        "wrote %s and %s", setup.out().resolve("result.md"), setup.out().resolve("result.json"));
    if (!failed.isEmpty()) {
      System.err.println("compare: a system failed; see the warnings of the report");
    }
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
      List<MeasuredProcess> watched = List.of(simulator.process(), system.process());
      Runs.log(
          "%s up (pid %d); warming up for %s",
          name, system.process().child().pid(), Options.format(warmup));
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
      Report.keepLog(out, system.process().child().log(), name + ".log");
    }
  }
}
