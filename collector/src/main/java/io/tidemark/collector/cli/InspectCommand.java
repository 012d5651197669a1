package io.tidemark.collector.cli;

import io.dropwizard.core.Application;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.ServerCommand;
import io.dropwizard.core.setup.Bootstrap;
import io.tidemark.config.TidemarkConfiguration;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * {@code inspect DIR}: serves a store or a snapshot read-only, scraping nothing, for offline
 * analysis of a copy (on a laptop, say). The same as {@code server} with {@code storage.readOnly}
 * set; {@code -Ddw.} overrides apply.
 */
public final class InspectCommand extends ServerCommand<TidemarkConfiguration> {

  /** The command for {@code application}. */
  public InspectCommand(Application<TidemarkConfiguration> application) {
    super(application, "inspect", "Serves a store or snapshot read-only, scraping nothing");
  }

  @Override
  public void configure(Subparser subparser) {
    subparser.addArgument("store").help("the store or snapshot directory");
  }

  @Override
  public void run(Bootstrap<?> bootstrap, Namespace namespace) throws Exception {
    Map<String, Object> storage = new LinkedHashMap<>();
    storage.put("path", Path.of(namespace.getString("store")).toAbsolutePath().toString());
    storage.put("readOnly", true);
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("storage", storage);
    root.put("server", GeneratedConfig.defaultServer());
    super.run(bootstrap, GeneratedConfig.write("tidemark-inspect-", root, namespace));
  }

  @Override
  public void onError(Cli cli, Namespace namespace, Throwable e) {
    StartupErrors.print(cli, e);
  }
}
