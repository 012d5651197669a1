package io.tidemark.collector.cli;

import io.tidemark.collector.store.StoreFactory;
import io.tidemark.storage.rocksdb.RocksDbStore;
import java.nio.file.Path;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/** The {@code --storage DIR} argument of the commands that work on a stopped store. */
final class StorageArgument {

  private static final String NAME = "--storage";

  private StorageArgument() {}

  /** Adds the required {@code --storage} argument, described by {@code help}. */
  static void add(Subparser subparser, String help) {
    subparser.addArgument(NAME).dest("storage").required(true).help(help);
  }

  /** The directory the argument names. */
  static Path directory(Namespace namespace) {
    return Path.of(namespace.getString("storage"));
  }

  /** Opens the store it names; a failure names {@code --storage}. */
  static RocksDbStore open(Path dir, boolean readOnly) {
    return StoreFactory.open(NAME, dir, readOnly);
  }

  /**
   * Opens the existing store it names; a missing directory or a failure names {@code --storage}.
   */
  static RocksDbStore openExisting(Path dir) {
    return StoreFactory.openExisting(NAME, dir, false);
  }
}
