package io.tidemark.tools;

import static io.tidemark.tools.Options.Option.flag;
import static io.tidemark.tools.Options.Option.value;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidemark.tools.Options.Option;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The fleet load test ({@code benchmarks/load.sh}): the simulator serves N nodes of P pods in one
 * process, Tidemark scrapes them in another; after a warm-up that is not measured, a window of the
 * given length is, and the figures of that window are reported.
 *
 * <pre>
 * java -cp tools/target/tools.jar io.tidemark.tools.LoadRun \
 *     --nodes 1000 --pods 30 --interval 15s --duration 10m --warmup 2m
 * </pre>
 *
 * <p>Figures (see {@code benchmarks/README.md} for each): samples ingested per second; the
 * collector's CPU seconds per million samples, per node-scrape and in cores; its peak RSS and RSS
 * per node; bytes on disk per sample after a clean shutdown and after {@code compact}; scrape
 * durations p50/p99/max in the window; skipped and failed scrapes; whether every scrape finished
 * inside its interval; the simulator's own CPU, to show it was not the bottleneck.
 */
public final class LoadRun {

  static final List<Option> OPTIONS =
      List.of(
          value("nodes", "100", "simulated nodes"),
          value("pods", "30", "pods on each simulated node"),
          value("interval", "15s", "scrape interval; also how often the simulated figures change"),
          value("duration", "10m", "length of the measured window"),
          value("warmup", "2m", "run before the window, not measured"),
          value(
              "endpoints",
              "summary,resource",
              "kubelet endpoints Tidemark scrapes (scrape.endpoints); the simulator pre-renders"
                  + " them"),
          value("out", "", "output directory (default benchmarks/results/load-TIMESTAMP)"),
          value("jvm-opts", "", "options of Tidemark's JVM, one quoted argument (\"-Xmx1g ...\")"),
          value("simulator-jvm-opts", "", "options of the simulator's JVM"),
          value("seed", "42", "simulation seed"),
          value(
              "jar",
              "",
              "jar holding the collector (default collector/target/tidemark.jar, else this class"
                  + " path)"),
          flag("keep", "keep the temporary directory (store, configuration, logs) and say where"));

  private static final String SYNOPSIS =
      "usage: benchmarks/load.sh [options]\n"
          + "The fleet load test: Tidemark scraping a simulated fleet, measured after a warm-up.";

  private LoadRun() {}

  /** Runs the load test; exit status 2 on bad options, 1 on a failed run. */
  public static void main(String[] args) {
    if (Options.wantsHelp(args)) {
      System.out.print(Options.usage(SYNOPSIS, OPTIONS));
      return;
    }
    Options options;
    try {
      options = Options.parse(args, OPTIONS);
      options.positiveInt("nodes");
    } catch (IllegalArgumentException e) {
      System.err.println("load: " + e.getMessage());
      System.err.print(Options.usage(SYNOPSIS, OPTIONS));
      System.exit(2);
      return;
    }
    try {
      run(options);
    } catch (Exception e) {
      System.err.println("load: the run failed: " + e);
      if (!(e instanceof IllegalStateException)) {
        e.printStackTrace();
      }
      System.exit(1);
    }
  }

  /** A reading of both processes and of Tidemark's self-accounting at one moment. */
  record Snapshot(
      long nanos,
      long epochMillis,
      ProcFs.Usage tidemark,
      ProcFs.Usage simulator,
      long samples,
      long scrapes,
      long skipped,
      long failures,
      long crashes) {

    static Snapshot take(TidemarkProcess tidemark, SimulatorProcess simulator) throws IOException {
      long nanos = System.nanoTime();
      long millis = System.currentTimeMillis();
      ProcFs.Usage t = tidemark.process().usage();
      ProcFs.Usage s = simulator.process().usage();
      JsonNode tsdb = tidemark.tsdbStatus();
      JsonNode m = tidemark.adminMetrics();
      return new Snapshot(
          nanos,
          millis,
          t,
          s,
          tsdb.path("samplesIngested").asLong(),
          TidemarkProcess.counter(m, "tidemark_scrapes_total"),
          TidemarkProcess.counter(m, "tidemark_scrapes_skipped_total"),
          TidemarkProcess.counter(m, "tidemark_scrape_failures_total"),
          TidemarkProcess.counter(m, "tidemark_scrape_crashes_total"));
    }
  }

  static void run(Options o) throws Exception {
    int nodes = o.positiveInt("nodes");
    int pods = o.positiveInt("pods");
    Duration interval = o.duration("interval");
    Duration duration = o.duration("duration");
    Duration warmup = o.duration("warmup");
    List<String> endpoints = o.list("endpoints");
    long seed = o.longValue("seed");
    List<String> jvmOpts = o.words("jvm-opts");
    if (duration.compareTo(interval) < 0) {
      throw new IllegalArgumentException("--duration must be at least one --interval");
    }
    TidemarkJar jar = TidemarkJar.resolve(o.string("jar"));
    Path out = Report.outputDir(o.string("out"), "load");
    Path work = Files.createTempDirectory("tidemark-load-");
    Runs.cleanUpAtExit(work, o.flag("keep"));
    Machine machine = Machine.describe(jar.java());
    Instant started = Instant.now();
    Runs.log(
        "load: %d nodes x %d pods, %s every %s; work in %s",
        nodes, pods, endpoints, Options.format(interval), work);
    SimulatorProcess simulator = null;
    TidemarkProcess tidemark = null;
    try {
      simulator =
          SimulatorProcess.start(
              jar,
              o.words("simulator-jvm-opts"),
              nodes,
              pods,
              interval,
              seed,
              endpoints,
              work.resolve("simulator"));
      Runs.log("simulator up (pid %d); starting Tidemark", simulator.process().pid());
      tidemark =
          TidemarkProcess.start(
              jar, jvmOpts, work.resolve("tidemark"), simulator.targetsFile(), interval, endpoints);
      List<ChildProcess> watched = List.of(simulator.process(), tidemark.process());
      Runs.log(
          "Tidemark up (pid %d); warming up for %s",
          tidemark.process().pid(), Options.format(warmup));
      Runs.await("warm-up", warmup, watched);
      Snapshot s0 = Snapshot.take(tidemark, simulator);
      Runs.log("measuring for %s", Options.format(duration));
      Runs.await("measuring", duration, watched);
      Snapshot s1 = Snapshot.take(tidemark, simulator);

      List<Double> durations = storedScrapeDurations(tidemark, s0.epochMillis(), s1.epochMillis());
      JsonNode histogram =
          tidemark.adminMetrics().path("histograms").path("tidemark_scrape_duration_micros");
      JsonNode tsdbEnd = tidemark.tsdbStatus();
      String flags = tidemark.jvmFlags();
      long maxSampledRss = tidemark.process().maxSampledRss();

      Runs.log("stopping Tidemark (SIGTERM) for the disk figures");
      int exit = tidemark.stop();
      Path store = tidemark.store();
      long storeBytes = Dirs.size(store);
      Map<String, Long> breakdown = TidemarkProcess.storeBreakdown(store);
      Runs.log("compacting the stopped store");
      long compactedSamples = exit == 0 ? tidemark.compact() : -1;
      long compactedBytes = exit == 0 ? Dirs.size(store) : -1;
      int simulatorExit = simulator.process().stop(Duration.ofSeconds(30));

      LoadReport.Run run =
          new LoadReport.Run(
              nodes,
              pods,
              endpoints,
              interval,
              warmup,
              duration,
              seed,
              jvmOpts,
              o.words("simulator-jvm-opts"),
              started,
              machine,
              jar);
      LoadReport.Measured measured =
          new LoadReport.Measured(
              s0,
              s1,
              durations,
              histogram,
              tsdbEnd,
              flags,
              maxSampledRss,
              storeBytes,
              breakdown,
              compactedSamples,
              compactedBytes,
              exit,
              tidemark.process().killed(),
              simulatorExit);
      Figures figures = LoadReport.figures(run, measured);
      String markdown = LoadReport.markdown(run, measured, figures);
      Map<String, Object> json = LoadReport.json(run, measured, figures);
      Report.write(out, markdown, json);
      System.out.print(markdown);
      Runs.log("wrote %s and %s", out.resolve("result.md"), out.resolve("result.json"));
    } finally {
      if (tidemark != null) {
        tidemark.close();
        Report.keepLog(out, tidemark.process().log(), "tidemark.log");
        Report.keepLog(out, tidemark.store().resolveSibling("compact.log"), "compact.log");
      }
      if (simulator != null) {
        simulator.close();
        Report.keepLog(out, simulator.process().log(), "simulator.log");
      }
      Runs.cleanUp(work, o.flag("keep"));
    }
  }

  /**
   * The {@code scrape_duration_seconds} Tidemark stored for the scrapes that started in the window
   * (one per scrape of each node: fetch and parse of every endpoint, not the store append).
   */
  static List<Double> storedScrapeDurations(TidemarkProcess t, long fromMillis, long toMillis)
      throws IOException {
    long seconds = (toMillis - fromMillis + 999) / 1000 + 1;
    URI uri =
        Loopback.uri(
            t.api(),
            "/api/v1/query",
            Map.of(
                "query",
                "scrape_duration_seconds[" + seconds + "s]",
                "time",
                PromApi.seconds(toMillis)));
    return PromApi.matrixValues(Loopback.get(uri, Duration.ofMinutes(2)), fromMillis, toMillis);
  }
}
