package io.tidemark.tools;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidemark.testkit.PromAnswer;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import net.sourceforge.argparse4j.inf.ArgumentParser;
import net.sourceforge.argparse4j.inf.Namespace;

/**
 * The fleet load test ({@code tools/load.sh}): the simulator serves N nodes of P pods in one
 * process, Tidemark scrapes them in another; after a warm-up that is not measured, a window of the
 * given length is, and the figures of that window are reported.
 *
 * <pre>
 * java -cp tools/target/tools.jar io.tidemark.tools.LoadRun \
 *     --nodes 1000 --pods 30 --interval 15s --duration 10m --warmup 2m
 * </pre>
 *
 * <p>Figures (see {@code tools/README.md} for each): samples ingested per second; the collector's
 * CPU seconds per million samples, per node-scrape and in cores; its peak RSS and RSS per node;
 * bytes on disk per sample after a clean shutdown and after {@code compact}; scrape durations
 * p50/p99/max in the window; skipped and failed scrapes; whether every scrape finished inside its
 * interval; the simulator's own CPU, to show it was not the bottleneck.
 */
public final class LoadRun {

  private LoadRun() {}

  /** The command line of {@code tools/load.sh}. */
  static ArgumentParser parser() {
    ArgumentParser parser =
        Options.parser(
            "tools/load.sh",
            "The fleet load test: Tidemark scraping a simulated fleet, measured after a warm-up.");
    RunSetup.fleetOptions(
        parser,
        "scrape interval; also how often the simulated figures change",
        "length of the measured window");
    Options.value(
        parser, "warmup", Options.duration(), "2m", "run before the window, not measured");
    Options.value(
        parser,
        "endpoints",
        Options.list(),
        "summary,resource",
        "kubelet endpoints Tidemark scrapes (scrape.endpoints); the simulator pre-renders them");
    RunSetup.runOptions(
        parser, "load", "keep the temporary directory (store, configuration, logs) and say where");
    return parser;
  }

  /** Runs the load test; exit status 2 on bad options, 1 on a failed run. */
  public static void main(String[] args) {
    Runs.main("load", parser(), args, LoadRun::run);
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

  /**
   * Runs the load test with {@code options} parsed by {@link #parser()} and reports it; true, as a
   * run that could not measure everything fails with an exception.
   */
  static boolean run(Namespace options) throws Exception {
    List<String> endpoints = options.get("endpoints");
    Duration warmup = options.get("warmup");
    RunSetup setup = RunSetup.prepare(options, "load");
    Duration interval = setup.interval();
    Runs.log(
        "load: %d nodes x %d pods, %s every %s; work in %s",
        setup.nodes(), setup.pods(), endpoints, Options.format(interval), setup.work());
    SimulatorProcess simulator = null;
    TidemarkProcess tidemark = null;
    try {
      simulator = setup.startSimulator(endpoints);
      Runs.log("simulator up (pid %d); starting Tidemark", simulator.process().child().pid());
      tidemark =
          TidemarkProcess.start(
              setup.jar(),
              setup.jvmOptions(),
              setup.work().resolve("tidemark"),
              simulator.targetsFile(),
              interval,
              endpoints);
      List<MeasuredProcess> watched = List.of(simulator.process(), tidemark.process());
      Runs.log(
          "Tidemark up (pid %d); warming up for %s",
          tidemark.process().child().pid(), Options.format(warmup));
      Runs.await("warm-up", warmup, watched);
      Snapshot s0 = Snapshot.take(tidemark, simulator);
      Runs.log("measuring for %s", Options.format(setup.duration()));
      Runs.await("measuring", setup.duration(), watched);
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
              setup.nodes(),
              setup.pods(),
              endpoints,
              interval,
              warmup,
              setup.duration(),
              setup.seed(),
              setup.jvmOptions(),
              setup.simulatorJvmOptions(),
              setup.started(),
              setup.machine(),
              setup.jar());
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
              tidemark.process().child().killed(),
              simulatorExit);
      Figures figures = LoadReport.figures(run, measured);
      String markdown = LoadReport.markdown(run, measured, figures);
      Map<String, Object> json = LoadReport.json(run, measured, figures);
      Report.write(setup.out(), markdown, json);
      System.out.print(markdown);
      Runs.log(
          "wrote %s and %s", setup.out().resolve("result.md"), setup.out().resolve("result.json"));
      return true;
    } finally {
      if (tidemark != null) {
        tidemark.close();
        Report.keepLog(setup.out(), tidemark.process().child().log(), "tidemark.log");
        Report.keepLog(setup.out(), tidemark.store().resolveSibling("compact.log"), "compact.log");
      }
      setup.finish(simulator);
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
                PromAnswer.seconds(toMillis)));
    return PromAnswer.ofApiBody(Loopback.get(uri, Duration.ofMinutes(2)))
        .values(fromMillis, toMillis);
  }
}
