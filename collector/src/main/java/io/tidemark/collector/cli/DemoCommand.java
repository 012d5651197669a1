package io.tidemark.collector.cli;

import io.dropwizard.core.Application;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.ServerCommand;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.lifecycle.Managed;
import io.dropwizard.lifecycle.ServerLifecycleListener;
import io.tidemark.config.InvalidSettingException;
import io.tidemark.config.TargetSpec;
import io.tidemark.config.TidemarkConfiguration;
import io.tidemark.simulator.KubeletSimulator;
import io.tidemark.simulator.SimulatorSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * {@code demo}: starts a simulated fleet of kubelets on loopback and the full server against it,
 * prints the URLs to open, and runs until interrupted. Needs no configuration file.
 *
 * <p>The configuration it runs with is an ordinary one, written to a temporary file and validated
 * like any other, so {@code -Ddw.} overrides work here too.
 */
public final class DemoCommand extends ServerCommand<TidemarkConfiguration> {

  private KubeletSimulator simulator;
  private Path storage;

  /** The command for {@code application}. */
  public DemoCommand(Application<TidemarkConfiguration> application) {
    super(application, "demo", "Runs Tidemark against a simulated fleet of kubelets");
  }

  @Override
  public void configure(Subparser subparser) {
    SimulateCommand.addFleetArguments(subparser);
    subparser
        .addArgument("--interval")
        .setDefault("10s")
        .help("scrape interval, Dropwizard notation (10s, 1m)");
    subparser.addArgument("--storage").help("store directory (default: a new temporary directory)");
  }

  @Override
  public void run(Bootstrap<?> bootstrap, Namespace namespace) throws Exception {
    SimulatorSpec spec =
        new SimulatorSpec(
            namespace.getInt("nodes"),
            namespace.getInt("pods"),
            namespace.getLong("seed"),
            Duration.ofSeconds(5));
    String storageArg = namespace.getString("storage");
    storage =
        storageArg != null
            ? Path.of(storageArg).toAbsolutePath()
            : Files.createTempDirectory("tidemark-demo-");
    simulator = KubeletSimulator.start(spec, Clock.systemUTC(), 0);
    try {
      super.run(
          bootstrap,
          GeneratedConfig.write(
              "tidemark-demo-", demoConfig(namespace.getString("interval")), namespace));
    } catch (Exception | Error e) {
      simulator.close();
      throw e;
    }
  }

  private Map<String, Object> demoConfig(String interval) {
    List<Map<String, String>> targets = new ArrayList<>();
    for (TargetSpec target : simulator.targets()) {
      targets.add(Map.of("node", target.node(), "url", target.url().toString()));
    }
    Duration every;
    try {
      every = io.dropwizard.util.Duration.parse(interval).toJavaDuration();
    } catch (IllegalArgumentException e) {
      throw new InvalidSettingException("--interval", e.getMessage(), e);
    }
    Duration timeout = every.compareTo(Duration.ofSeconds(5)) < 0 ? every : Duration.ofSeconds(5);
    Map<String, Object> scrape = new LinkedHashMap<>();
    scrape.put("interval", interval);
    scrape.put("timeout", timeout.toMillis() + "ms");
    scrape.put("targets", Map.of("static", targets));
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("storage", Map.of("path", storage.toString()));
    root.put("scrape", scrape);
    root.put("server", GeneratedConfig.defaultServer());
    return root;
  }

  @Override
  protected void run(
      Environment environment, Namespace namespace, TidemarkConfiguration configuration)
      throws Exception {
    KubeletSimulator fleet = simulator;
    environment
        .lifecycle()
        .manage(
            new Managed() {
              @Override
              public void stop() {
                fleet.close();
              }
            });
    environment
        .lifecycle()
        .addServerLifecycleListener(
            new ServerLifecycleListener() {
              @Override
              public void serverStarted(org.eclipse.jetty.server.Server server) {
                printWelcome(getLocalPort(server), getAdminPort(server));
              }
            });
    super.run(environment, namespace, configuration);
  }

  @Override
  public void onError(Cli cli, Namespace namespace, Throwable e) {
    StartupErrors.print(cli, e);
  }

  private void printWelcome(int port, int adminPort) {
    String app = "http://localhost:" + port;
    String text =
        """

        Tidemark demo is running: %d simulated kubelets (%d pods each) at http://127.0.0.1:%d/nodes/
        Store: %s

          Scrape health        %s/api/v1/targets
          kubectl top nodes    %s/apis/metrics.k8s.io/v1beta1/nodes
          Store status         %s/api/v1/status/tsdb
          Health checks        http://localhost:%d/healthcheck

        Node CPU shows once every node was scraped twice (about 20 s). Press Ctrl-C to stop.
        """
            .formatted(
                simulator.spec().nodes(),
                simulator.spec().podsPerNode(),
                simulator.port(),
                storage,
                app,
                app,
                app,
                adminPort);
    System.out.println(text);
  }
}
