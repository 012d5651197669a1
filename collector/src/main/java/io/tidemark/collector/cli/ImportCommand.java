package io.tidemark.collector.cli;

import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.Command;
import io.dropwizard.core.setup.Bootstrap;
import io.tidemark.collector.importer.ImportException;
import io.tidemark.collector.importer.ImportResult;
import io.tidemark.collector.importer.Importer;
import io.tidemark.collector.importer.InputFormat;
import io.tidemark.config.InvalidSettingException;
import io.tidemark.storage.StorageException;
import io.tidemark.storage.rocksdb.RocksDbStore;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.LongSupplier;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * {@code import --storage DIR [--format auto|prometheus|openmetrics] [--batch-size N] FILE...}:
 * reads Prometheus text (millisecond timestamps) or OpenMetrics (seconds), plain or gzip, into a
 * new or existing store, streamed ({@link Importer}); {@code -} reads standard input.
 *
 * <p>Every file is checked to be readable before the store is opened. Per file, a line on standard
 * output says how many samples were read, stored, dropped as duplicates and rejected as older than
 * their series' newest; progress goes to standard error. At a malformed line the samples before it
 * stay stored and the command exits 1 naming the file and line. The store must not be in use by a
 * running server (it takes the store's lock).
 */
public final class ImportCommand extends Command {

  private final PrintStream out;
  private final PrintStream err;
  private final InputStream in;
  private final boolean terminal;
  private final LongSupplier nanoTime;

  /** The command on the process' standard streams. */
  public ImportCommand() {
    this(System.out, System.err, System.in, System.console() != null, System::nanoTime);
  }

  /** The command on other streams, for tests. */
  ImportCommand(
      PrintStream out, PrintStream err, InputStream in, boolean terminal, LongSupplier nanoTime) {
    super("import", "Imports Prometheus text or OpenMetrics files into a store");
    this.out = out;
    this.err = err;
    this.in = in;
    this.terminal = terminal;
    this.nanoTime = nanoTime;
  }

  @Override
  public void configure(Subparser subparser) {
    StorageArgument.add(subparser, "the store directory (storage.path), created if missing");
    subparser
        .addArgument("--format")
        .dest("format")
        .choices("auto", "prometheus", "openmetrics")
        .setDefault("auto")
        .help(
            "prometheus (text 0.0.4, millisecond timestamps), openmetrics (seconds, # EOF), or"
                + " auto: recognised from the start of each file (the default)");
    subparser
        .addArgument("--batch-size")
        .dest("batchSize")
        .type(Integer.class)
        .setDefault(Importer.DEFAULT_BATCH_SIZE)
        .help("samples per append (default " + Importer.DEFAULT_BATCH_SIZE + ")");
    subparser
        .addArgument("files")
        .nargs("+")
        .metavar("FILE")
        .help("files to import, plain or gzip; - for standard input");
  }

  @Override
  public void run(Bootstrap<?> bootstrap, Namespace namespace) {
    List<String> files = namespace.getList("files");
    for (String file : files) {
      if (!file.equals("-") && !Files.isReadable(Path.of(file))) {
        throw new CommandFailure(
            file + ": " + (Files.exists(Path.of(file)) ? "cannot be read" : "no such file"), null);
      }
    }
    int batchSize = namespace.getInt("batchSize");
    if (batchSize < 1) {
      throw new InvalidSettingException(
          "--batch-size", "must be at least 1, was " + batchSize, null);
    }
    String formatName = namespace.getString("format");
    InputFormat format = formatName.equals("auto") ? null : InputFormat.of(formatName);
    Path dir = StorageArgument.directory(namespace);
    ImportResult total = ImportResult.NONE;
    try (RocksDbStore store = StorageArgument.open(dir, false)) {
      Importer importer = new Importer(store, batchSize);
      try {
        for (String file : files) {
          ImportResult result = importFile(importer, file, format);
          out.println(file + ": " + result);
          total = total.plus(result);
        }
      } finally {
        store.flush(); // into chunks now, so the next open has no journal to replay
      }
    } catch (ImportFailed e) {
      ImportResult sum = total.plus(e.failure.result());
      out.println(e.failure.input() + ": " + e.failure.result() + " before the error");
      throw new CommandFailure(
          e.failure.getMessage()
              + String.format(" (the %,d samples stored before it are kept)", sum.accepted()),
          e.failure);
    } catch (StorageException e) {
      throw new CommandFailure("cannot write to the store at " + dir + ": " + e.getMessage(), e);
    }
    if (files.size() > 1) {
      out.println("total: " + total);
    }
    if (total.rejected() > 0) {
      out.println(
          "rejected samples are older than the newest sample of their series already stored (or"
              + " fall in a day the store has sealed); they were not imported");
    }
  }

  private ImportResult importFile(Importer importer, String file, InputFormat format) {
    long size = -1;
    Progress progress = new Progress(err, terminal, nanoTime);
    try (InputStream input =
        file.equals("-") ? new KeepOpen(in) : Files.newInputStream(Path.of(file))) {
      if (!file.equals("-")) {
        size = Files.size(Path.of(file));
      }
      long total = size;
      ImportResult result =
          importer.importStream(
              file,
              input,
              format,
              (bytes, soFar) ->
                  progress.update(
                      () ->
                          String.format(
                              "import %s %s%,d samples",
                              file,
                              total > 0
                                  ? Progress.bar(bytes, total)
                                      + String.format(" %,d/%,d MB, ", bytes >> 20, total >> 20)
                                  : String.format("%,d MB, ", bytes >> 20),
                              soFar.read())));
      progress.clear();
      return result;
    } catch (ImportException e) {
      progress.clear();
      throw new ImportFailed(e);
    } catch (IOException e) {
      throw new CommandFailure(file + ": cannot read: " + e.getMessage(), e);
    }
  }

  @Override
  public void onError(Cli cli, Namespace namespace, Throwable e) {
    StartupErrors.print(cli, e);
  }

  /** Carries an import's failure out of the store's try block, which closes the store first. */
  private static final class ImportFailed extends RuntimeException {

    @java.io.Serial private static final long serialVersionUID = 1L;

    final transient ImportException failure;

    ImportFailed(ImportException cause) {
      super(cause.getMessage(), cause, false, false);
      this.failure = cause;
    }
  }

  /** Standard input, never closed by an import. */
  private static final class KeepOpen extends FilterInputStream {

    KeepOpen(InputStream in) {
      super(in);
    }

    @Override
    public void close() {
      // standard input stays open
    }
  }
}
