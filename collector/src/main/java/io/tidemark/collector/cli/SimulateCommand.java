package io.tidemark.collector.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.Command;
import io.dropwizard.core.setup.Bootstrap;
import io.tidemark.config.InvalidSettingException;
import io.tidemark.config.TargetSpec;
import io.tidemark.simulator.KubeletSimulator;
import io.tidemark.simulator.SimulatorSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * {@code simulate}: serves a simulated fleet of kubelets on loopback and nothing else, for load
 * tests and side-by-sides where the scraper runs in another process, so the simulator's CPU is not
 * counted against it.
 *
 * <p>Writes the fleet as a targets file (the {@code scrape.targets.file} format) and, with {@code
 * --prerender}, renders the named payloads of every node right after each update, so requests only
 * copy bytes. Runs until interrupted.
 */
public final class SimulateCommand extends Command {

  /** The command. */
  public SimulateCommand() {
    super("simulate", "Serves simulated kubelets on loopback for load tests");
  }

  @Override
  public void configure(Subparser subparser) {
    addFleetArguments(subparser);
    subparser
        .addArgument("--port")
        .type(Integer.class)
        .setDefault(0)
        .help("port on 127.0.0.1 (0 picks a free one)");
    subparser
        .addArgument("--update")
        .setDefault("10s")
        .help("how often every node's stats change, Dropwizard notation (10s, 1m)");
    subparser
        .addArgument("--targets-file")
        .required(true)
        .help("where to write the fleet's targets (YAML, the scrape.targets.file format)");
    subparser
        .addArgument("--prerender")
        .setDefault("")
        .help("endpoints to render ahead of each update, comma separated (summary,resource)");
  }

  /** {@code --nodes}, {@code --pods} and {@code --seed}, as {@code demo} takes them too. */
  static void addFleetArguments(Subparser subparser) {
    subparser.addArgument("--nodes").type(Integer.class).setDefault(20).help("simulated nodes");
    subparser
        .addArgument("--pods")
        .type(Integer.class)
        .setDefault(30)
        .help("pods on each simulated node");
    subparser.addArgument("--seed").type(Long.class).setDefault(42L).help("simulation seed");
  }

  @Override
  public void run(Bootstrap<?> bootstrap, Namespace namespace) throws Exception {
    Duration update;
    try {
      update = io.dropwizard.util.Duration.parse(namespace.getString("update")).toJavaDuration();
    } catch (IllegalArgumentException e) {
      throw new InvalidSettingException("--update", e.getMessage(), e);
    }
    SimulatorSpec spec;
    try {
      spec =
          new SimulatorSpec(
              namespace.getInt("nodes"),
              namespace.getInt("pods"),
              namespace.getLong("seed"),
              update);
    } catch (IllegalArgumentException e) {
      throw new InvalidSettingException("--nodes/--pods/--update", e.getMessage(), e);
    }
    List<String> prerender =
        Arrays.stream(namespace.getString("prerender").split(","))
            .map(String::trim)
            .filter(e -> !e.isEmpty())
            .toList();
    try (KubeletSimulator simulator =
        KubeletSimulator.start(spec, Clock.systemUTC(), namespace.getInt("port"))) {
      try {
        simulator.prerender(prerender);
      } catch (IllegalArgumentException e) {
        throw new InvalidSettingException("--prerender", e.getMessage(), e);
      }
      Path targets = Path.of(namespace.getString("targets_file")).toAbsolutePath();
      writeTargets(simulator, targets);
      ScheduledExecutorService renderer =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "simulator-prerender");
                t.setDaemon(true);
                return t;
              });
      if (!prerender.isEmpty()) {
        long period = update.toMillis();
        long first = period - System.currentTimeMillis() % period + 20; // just after each update
        renderer.scheduleAtFixedRate(
            () -> simulator.prerender(prerender), first, period, TimeUnit.MILLISECONDS);
      }
      System.out.printf(
          "simulating %d kubelets (%d pods each) at http://127.0.0.1:%d/nodes/; targets in %s%n",
          spec.nodes(), spec.podsPerNode(), simulator.port(), targets);
      System.out.flush();
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
      stopped.await();
      renderer.shutdownNow();
    }
  }

  private static void writeTargets(KubeletSimulator simulator, Path file) throws Exception {
    List<Map<String, String>> list = new ArrayList<>();
    for (TargetSpec t : simulator.targets()) {
      list.add(Map.of("node", t.node(), "url", t.url().toString()));
    }
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    new ObjectMapper(new YAMLFactory()).writeValue(tmp.toFile(), list);
    Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  @Override
  public void onError(Cli cli, Namespace namespace, Throwable e) {
    StartupErrors.print(cli, e);
  }
}
