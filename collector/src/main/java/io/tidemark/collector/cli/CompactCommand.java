package io.tidemark.collector.cli;

import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.Command;
import io.dropwizard.core.setup.Bootstrap;
import io.tidemark.storage.StoreStats;
import io.tidemark.storage.rocksdb.RocksDbStore;
import java.nio.file.Path;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * {@code compact --storage DIR}: writes every open chunk, trims the journal and fully compacts a
 * stopped store, so that its size on disk can be read (or the store copied at its smallest).
 */
public final class CompactCommand extends Command {

  /** The command. */
  public CompactCommand() {
    super("compact", "Fully compacts a stopped store and prints its size");
  }

  @Override
  public void configure(Subparser subparser) {
    StorageArgument.add(subparser, "the store directory (storage.path)");
  }

  @Override
  public void run(Bootstrap<?> bootstrap, Namespace namespace) {
    Path dir = StorageArgument.directory(namespace);
    try (RocksDbStore store = StorageArgument.openExisting(dir)) {
      long before = store.stats().bytesOnDisk();
      store.compact();
      StoreStats after = store.stats();
      System.out.printf(
          "compacted %s: %,d bytes before, %,d after; %,d series, %,d samples, %.3f bytes/sample%n",
          dir,
          before,
          after.bytesOnDisk(),
          after.series(),
          after.samplesIngested(),
          after.bytesPerSample());
      for (StoreStats.ResolutionStats r : after.resolutions()) {
        System.out.printf("  %-4s kept %-6s %,15d bytes%n", r.name(), r.retention(), r.bytes());
      }
    }
  }

  @Override
  public void onError(Cli cli, Namespace namespace, Throwable e) {
    StartupErrors.print(cli, e);
  }
}
