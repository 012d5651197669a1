package io.tidemark.collector.cli;

import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.Command;
import io.dropwizard.core.setup.Bootstrap;
import io.tidemark.config.InvalidSettingException;
import io.tidemark.query.export.ExportRequest;
import io.tidemark.query.export.OpenMetricsExport;
import io.tidemark.storage.LabelMatcher;
import io.tidemark.storage.rocksdb.RocksDbStore;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.zip.GZIPOutputStream;
import net.sourceforge.argparse4j.impl.Arguments;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * {@code export --storage DIR [--match SELECTOR]... [--start T] [--end T] [--output FILE|-]
 * [--gzip]}: writes raw samples of a store as OpenMetrics text, the same as {@code /api/v1/export}
 * answers ({@link OpenMetricsExport}).
 *
 * <p>The store is opened read-only and unlocked, so a snapshot of a running server's store (the
 * admin task {@code snapshot}) or a copy of one can be exported. Without {@code --match} every
 * series is exported, without {@code --start} or {@code --end} the range is unbounded on that side.
 * A file is written under a temporary name and renamed when complete, so a failed export leaves no
 * partial file. Progress (series done out of those selected) goes to standard error, as does the
 * summary, so standard output carries only the text.
 */
public final class ExportCommand extends Command {

  private final PrintStream out;
  private final PrintStream err;
  private final boolean terminal;
  private final LongSupplier nanoTime;

  /** The command on the process' standard streams. */
  public ExportCommand() {
    this(System.out, System.err, System.console() != null, System::nanoTime);
  }

  /** The command on other streams, for tests. */
  ExportCommand(PrintStream out, PrintStream err, boolean terminal, LongSupplier nanoTime) {
    super("export", "Writes a time range of a store as OpenMetrics text");
    this.out = out;
    this.err = err;
    this.terminal = terminal;
    this.nanoTime = nanoTime;
  }

  @Override
  public void configure(Subparser subparser) {
    StorageArgument.add(subparser, "the store or snapshot directory, opened read-only");
    subparser
        .addArgument("--match")
        .dest("match")
        .metavar("SELECTOR")
        .action(Arguments.append())
        .help("a PromQL series selector; repeat for more (default: every series)");
    subparser
        .addArgument("--start")
        .dest("start")
        .metavar("TIME")
        .help("first instant, unix seconds or RFC 3339 (default: the oldest sample)");
    subparser
        .addArgument("--end")
        .dest("end")
        .metavar("TIME")
        .help("last instant, unix seconds or RFC 3339 (default: the newest sample)");
    subparser
        .addArgument("--output")
        .dest("output")
        .metavar("FILE")
        .setDefault("-")
        .help("the file to write, - for standard output (the default)");
    subparser
        .addArgument("--gzip")
        .dest("gzip")
        .action(Arguments.storeTrue())
        .help("compress the output with gzip");
  }

  @Override
  public void run(Bootstrap<?> bootstrap, Namespace namespace) {
    ExportRequest request = request(namespace);
    Path dir = StorageArgument.directory(namespace);
    String output = namespace.getString("output");
    boolean gzip = namespace.getBoolean("gzip");
    try (RocksDbStore store = StorageArgument.open(dir, true)) {
      OpenMetricsExport export = OpenMetricsExport.prepare(store, request);
      Progress progress = new Progress(err, terminal, nanoTime);
      OpenMetricsExport.Listener listener =
          (done, total, samples) ->
              progress.update(
                  () ->
                      String.format(
                          "export %s %,d/%,d series, %,d samples",
                          Progress.bar(done, total), done, total, samples));
      OpenMetricsExport.Summary summary;
      if (output.equals("-")) {
        try {
          summary = write(export, new KeepOpen(out), gzip, listener);
        } catch (IOException e) {
          throw new CommandFailure("cannot write to standard output: " + e.getMessage(), e);
        }
      } else {
        summary = writeFile(export, Path.of(output), gzip, listener);
      }
      progress.finish(
          String.format(
              "exported %,d series, %,d samples to %s%s",
              summary.series(),
              summary.samples(),
              output.equals("-") ? "standard output" : output,
              range(request)));
    }
  }

  private static OpenMetricsExport.Summary write(
      OpenMetricsExport export, OutputStream target, boolean gzip, OpenMetricsExport.Listener l)
      throws IOException {
    if (!gzip) {
      OpenMetricsExport.Summary summary = export.writeTo(target, l);
      target.flush();
      return summary;
    }
    GZIPOutputStream compressed = new GZIPOutputStream(target, 1 << 16);
    OpenMetricsExport.Summary summary = export.writeTo(compressed, l);
    compressed.finish();
    compressed.flush();
    return summary;
  }

  private static OpenMetricsExport.Summary writeFile(
      OpenMetricsExport export, Path file, boolean gzip, OpenMetricsExport.Listener l) {
    Path partial = file.resolveSibling(file.getFileName() + ".partial");
    boolean done = false;
    try {
      OpenMetricsExport.Summary summary;
      try (OutputStream target = Files.newOutputStream(partial)) {
        summary = write(export, target, gzip, l);
      }
      Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
      done = true;
      return summary;
    } catch (IOException e) {
      throw new CommandFailure("--output: cannot write " + file + ": " + e, e);
    } finally {
      if (!done) {
        try {
          Files.deleteIfExists(partial);
        } catch (IOException e) {
          // The failure being reported matters more than a leftover partial file.
        }
      }
    }
  }

  private static ExportRequest request(Namespace namespace) {
    List<String> match = namespace.getList("match");
    List<List<LabelMatcher>> selectors = new ArrayList<>();
    for (String selector : match == null ? List.of(ExportRequest.EVERY_SERIES) : match) {
      try {
        selectors.add(ExportRequest.parseSelector(selector));
      } catch (IllegalArgumentException e) {
        throw new InvalidSettingException("--match", e.getMessage(), e);
      }
    }
    long from = time(namespace, "start", Long.MIN_VALUE);
    long to = time(namespace, "end", Long.MAX_VALUE);
    if (to < from) {
      throw new InvalidSettingException("--end", "the end is before --start", null);
    }
    return new ExportRequest(selectors, from, to);
  }

  private static long time(Namespace namespace, String name, long fallback) {
    String text = namespace.getString(name);
    if (text == null) {
      return fallback;
    }
    try {
      return ExportRequest.parseTime(text);
    } catch (IllegalArgumentException e) {
      throw new InvalidSettingException("--" + name, e.getMessage(), e);
    }
  }

  private static String range(ExportRequest request) {
    if (request.fromMillis() == Long.MIN_VALUE && request.toMillis() == Long.MAX_VALUE) {
      return "";
    }
    return " ("
        + (request.fromMillis() == Long.MIN_VALUE
            ? "oldest"
            : Instant.ofEpochMilli(request.fromMillis()).toString())
        + " to "
        + (request.toMillis() == Long.MAX_VALUE
            ? "newest"
            : Instant.ofEpochMilli(request.toMillis()).toString())
        + ")";
  }

  @Override
  public void onError(Cli cli, Namespace namespace, Throwable e) {
    StartupErrors.print(cli, e);
  }

  /**
   * Standard output, flushed but never closed by the export; a {@link PrintStream}'s swallowed
   * failure (a closed pipe) is raised, so the export stops.
   */
  private static final class KeepOpen extends FilterOutputStream {

    KeepOpen(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      if (out instanceof PrintStream print && print.checkError()) {
        throw new IOException("standard output is closed");
      }
    }

    @Override
    public void close() throws IOException {
      out.flush();
    }
  }
}
