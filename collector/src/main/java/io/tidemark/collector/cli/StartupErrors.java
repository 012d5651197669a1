package io.tidemark.collector.cli;

import io.dropwizard.configuration.ConfigurationException;
import io.dropwizard.core.cli.Cli;
import io.tidemark.config.InvalidSettingException;

/**
 * How a command reports a failure: a wrong setting gets its message alone, naming the key, and so
 * does a command's own stated failure ({@link CommandFailure}); anything else, which is a fault of
 * Tidemark rather than of the user, keeps its stack trace.
 */
public final class StartupErrors {

  private StartupErrors() {}

  /** Prints {@code e} to the command line's error stream. */
  public static void print(Cli cli, Throwable e) {
    Throwable cause = e;
    while (cause != null) {
      if (cause instanceof ConfigurationException
          || cause instanceof InvalidSettingException
          || cause instanceof CommandFailure) {
        cli.getStdErr().println("tidemark: " + cause.getMessage().strip());
        return;
      }
      cause = cause.getCause();
    }
    e.printStackTrace(cli.getStdErr());
  }
}
