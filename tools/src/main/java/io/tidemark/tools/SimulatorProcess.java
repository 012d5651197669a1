package io.tidemark.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The built-in kubelet simulator ({@code tidemark simulate}) as its own process, so its CPU is not
 * counted against the scraper: every node on one loopback port under {@code /nodes/NAME}, the
 * chosen payloads rendered once per update so that requests only copy bytes.
 *
 * <p>Thread safety: safe from any thread.
 *
 * @param process the process, to measure it
 * @param targetsFile the targets file it wrote: Tidemark's {@code scrape.targets.file}
 * @param targets every simulated node, in the order of the targets file
 */
record SimulatorProcess(MeasuredProcess process, Path targetsFile, List<Target> targets)
    implements AutoCloseable {

  /**
   * One simulated kubelet.
   *
   * @param node the node name
   * @param url its base URL ({@code http://127.0.0.1:PORT/nodes/NAME})
   */
  record Target(String node, URI url) {}

  /**
   * Starts, in a JVM with {@code jvmOptions}, {@code nodes} simulated kubelets of {@code pods} pods
   * whose figures change every {@code update}, pre-rendering {@code prerender} (endpoint names such
   * as {@code summary}, {@code resource}), and waits until it has written its targets file in
   * {@code dir}.
   */
  static SimulatorProcess start(
      TidemarkJar jar,
      List<String> jvmOptions,
      int nodes,
      int pods,
      Duration update,
      long seed,
      List<String> prerender,
      Path dir)
      throws IOException, InterruptedException {
    Path targetsFile = dir.resolve("targets.yml");
    List<String> args =
        List.of(
            "simulate",
            "--nodes",
            Integer.toString(nodes),
            "--pods",
            Integer.toString(pods),
            "--update",
            Options.format(update),
            "--seed",
            Long.toString(seed),
            "--port",
            "0",
            "--targets-file",
            targetsFile.toString(),
            "--prerender",
            String.join(",", prerender));
    MeasuredProcess process = jar.start("simulator", jvmOptions, args, dir);
    // 1 s a hundred nodes to render, at least a minute: a JVM start on a busy machine
    process
        .child()
        .awaitReady(
            "its targets file",
            Duration.ofSeconds(60 + nodes / 100),
            () -> Files.exists(targetsFile) && process.child().logTail(50).contains("simulating "));
    try {
      List<Target> targets = readTargets(targetsFile);
      if (targets.size() != nodes) {
        throw new IllegalStateException(
            "the simulator listed " + targets.size() + " targets, not " + nodes);
      }
      return new SimulatorProcess(process, targetsFile, targets);
    } catch (IOException | RuntimeException e) {
      process.stop(Duration.ofSeconds(10));
      throw e;
    }
  }

  /** The targets of a {@code scrape.targets.file} ({@code [{node, url}, ...]}). */
  static List<Target> readTargets(Path file) throws IOException {
    JsonNode list = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
    List<Target> out = new ArrayList<>();
    for (JsonNode t : list) {
      out.add(new Target(t.path("node").asText(), URI.create(t.path("url").asText())));
    }
    return out;
  }

  @Override
  public void close() {
    process.stop(Duration.ofSeconds(30));
  }
}
