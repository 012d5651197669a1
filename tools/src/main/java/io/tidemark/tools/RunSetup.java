package io.tidemark.tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import net.sourceforge.argparse4j.inf.ArgumentParser;
import net.sourceforge.argparse4j.inf.Namespace;

/**
 * What both fleet runs set up the same way before measuring: the options they share (the fleet, the
 * timing, the JVMs, where results go), the jar the child JVMs run, the output directory, a
 * temporary work directory removed at the end (or at exit) unless {@code --keep}, the machine and
 * the start time; and the simulated fleet, started and stopped the same way.
 *
 * <p>Thread safety: immutable; its methods are called from the run's main thread.
 *
 * @param nodes simulated nodes
 * @param pods pods on each node
 * @param interval scrape interval, and how often the simulated figures change
 * @param duration the measured window
 * @param seed simulation seed
 * @param jvmOptions options of Tidemark's JVM
 * @param simulatorJvmOptions options of the simulator's JVM
 * @param keep whether the work directory is kept
 * @param jar how to start Tidemark's commands
 * @param out the output directory, created
 * @param work the temporary work directory, created
 * @param machine the machine
 * @param started when the run started
 */
record RunSetup(
    int nodes,
    int pods,
    Duration interval,
    Duration duration,
    long seed,
    List<String> jvmOptions,
    List<String> simulatorJvmOptions,
    boolean keep,
    TidemarkJar jar,
    Path out,
    Path work,
    Machine machine,
    Instant started) {

  /** Declares {@code --nodes}, {@code --pods}, {@code --interval} and {@code --duration}. */
  static void fleetOptions(ArgumentParser parser, String intervalHelp, String durationHelp) {
    Options.value(parser, "nodes", Options.positiveInt(), "100", "simulated nodes");
    Options.value(parser, "pods", Options.positiveInt(), "30", "pods on each simulated node");
    Options.value(parser, "interval", Options.duration(), "15s", intervalHelp);
    Options.value(parser, "duration", Options.duration(), "10m", durationHelp);
  }

  /**
   * Declares {@code --out}, {@code --jvm-opts}, {@code --simulator-jvm-opts}, {@code --seed},
   * {@code --jar} and {@code --keep} for the tool {@code tool} ({@code load}, {@code compare}).
   */
  static void runOptions(ArgumentParser parser, String tool, String keepHelp) {
    Options.value(
        parser,
        "out",
        Options.text(),
        null,
        "output directory (default tools/results/" + tool + "-TIMESTAMP)");
    Options.value(
        parser,
        "jvm-opts",
        Options.words(),
        "",
        "options of Tidemark's JVM, one quoted argument (\"-Xmx1g ...\")");
    Options.value(
        parser, "simulator-jvm-opts", Options.words(), "", "options of the simulator's JVM");
    Options.value(parser, "seed", Options.longValue(), "42", "simulation seed");
    Options.value(
        parser,
        "jar",
        Options.text(),
        null,
        "jar holding the collector (default collector/target/tidemark.jar, else this class path)");
    Options.flag(parser, "keep", keepHelp);
  }

  /**
   * Reads the shared options of {@code options} and prepares the run of {@code tool}: an {@link
   * IllegalArgumentException} if the window is shorter than an interval or {@code --jar} is no
   * file.
   */
  static RunSetup prepare(Namespace options, String tool) throws IOException {
    Duration interval = options.get("interval");
    Duration duration = options.get("duration");
    if (duration.compareTo(interval) < 0) {
      throw new IllegalArgumentException("--duration must be at least one --interval");
    }
    TidemarkJar jar = TidemarkJar.resolve(options.getString("jar"));
    Path out = Report.outputDir(options.getString("out"), tool);
    Path work = Files.createTempDirectory("tidemark-" + tool + "-");
    boolean keep = options.getBoolean("keep");
    Runs.cleanUpAtExit(work, keep);
    return new RunSetup(
        options.getInt("nodes"),
        options.getInt("pods"),
        interval,
        duration,
        options.getLong("seed"),
        withLauncherDefaults(options.get("jvm_opts")),
        options.get("simulator_jvm_opts"),
        keep,
        jar,
        out,
        work,
        Machine.describe(jar.java()),
        Instant.now());
  }

  /**
   * Tidemark's JVM runs as the launcher runs it: the defaults of {@code config/jvm.options}, then
   * the options given, which win.
   */
  private static List<String> withLauncherDefaults(List<String> given) throws IOException {
    List<String> all = new java.util.ArrayList<>(TidemarkJar.defaultJvmOptions());
    all.addAll(given);
    return List.copyOf(all);
  }

  /** Starts the simulated fleet, pre-rendering {@code endpoints}, in {@code work/simulator}. */
  SimulatorProcess startSimulator(List<String> endpoints) throws IOException, InterruptedException {
    return SimulatorProcess.start(
        jar,
        simulatorJvmOptions,
        nodes,
        pods,
        interval,
        seed,
        endpoints,
        work.resolve("simulator"));
  }

  /**
   * Ends the run: stops {@code simulator} (if it was started) and keeps its log, then removes the
   * work directory unless {@code --keep}.
   */
  void finish(SimulatorProcess simulator) throws IOException {
    if (simulator != null) {
      simulator.close();
      Report.keepLog(out, simulator.process().child().log(), "simulator.log");
    }
    Runs.cleanUp(work, keep);
  }
}
