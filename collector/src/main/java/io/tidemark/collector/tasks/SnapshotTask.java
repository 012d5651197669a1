package io.tidemark.collector.tasks;

import io.dropwizard.servlets.tasks.Task;
import io.tidemark.storage.StorageException;
import io.tidemark.storage.rocksdb.RocksDbStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /tasks/snapshot[?target=DIR]} on the admin port: a consistent copy of the running
 * store, by default beside it as {@code tidemark-snapshot-YYYYMMDDTHHMMSSZ}. The copy can be moved
 * to another machine and opened with {@code ./tidemark inspect DIR}.
 */
public final class SnapshotTask extends Task {

  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private final RocksDbStore store;
  private final Clock clock;

  /** A task snapshotting {@code store}. */
  public SnapshotTask(RocksDbStore store, Clock clock) {
    super("snapshot");
    this.store = store;
    this.clock = clock;
  }

  @Override
  public void execute(Map<String, List<String>> parameters, PrintWriter output) {
    List<String> given = parameters.get("target");
    Path target =
        given != null && !given.isEmpty() && !given.get(0).isBlank()
            ? Path.of(given.get(0)).toAbsolutePath()
            : store
                .directory()
                .toAbsolutePath()
                .resolveSibling("tidemark-snapshot-" + STAMP.format(clock.instant()));
    try {
      store.snapshot(target);
      output.println("snapshot written to " + target);
    } catch (StorageException e) {
      output.println("snapshot failed: " + e.getMessage());
      throw e;
    }
  }
}
