package io.tidemark.testkit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs Prometheus' {@code promtool} ({@code /usr/bin/promtool}, else the first on {@code PATH}) on
 * OpenMetrics files: the reference reader an export must satisfy. {@link #require} marks the
 * calling test skipped, saying why, where it is absent.
 */
public final class Promtool {

  /**
   * What a run printed.
   *
   * @param exitCode the process' exit code
   * @param output standard output and error, interleaved
   */
  public record Result(int exitCode, String output) {}

  private final Path binary;

  private Promtool(Path binary) {
    this.binary = binary;
  }

  /** The promtool binary; skips the test without one. */
  public static Promtool require() {
    Path found = find();
    assumeTrue(found != null, "promtool not found in /usr/bin or on PATH; skipping");
    return new Promtool(found);
  }

  private static Path find() {
    Path usual = Path.of("/usr/bin/promtool");
    return Files.isExecutable(usual) ? usual : Binaries.onPath("promtool").orElse(null);
  }

  /** {@code promtool tsdb create-blocks-from openmetrics FILE OUT}. */
  public Result createBlocks(Path openMetrics, Path out) throws IOException, InterruptedException {
    return run("tsdb", "create-blocks-from", "openmetrics", openMetrics.toString(), out.toString());
  }

  /** The samples in the blocks of {@code db}, summed from {@code promtool tsdb list}. */
  public long sampleCount(Path db) throws IOException, InterruptedException {
    Result list = run("tsdb", "list", db.toString());
    if (list.exitCode() != 0) {
      throw new IllegalStateException("promtool tsdb list failed: " + list.output());
    }
    List<String> lines = list.output().lines().toList();
    List<String> header = List.of(lines.get(0).trim().split("\\s{2,}"));
    int column = header.indexOf("NUM SAMPLES");
    long total = 0;
    for (String line : lines.subList(1, lines.size())) {
      if (!line.isBlank()) {
        total += Long.parseLong(line.trim().split("\\s+")[column]);
      }
    }
    return total;
  }

  /** The block count of {@code db}, from {@code promtool tsdb list}. */
  public int blockCount(Path db) throws IOException, InterruptedException {
    Result list = run("tsdb", "list", db.toString());
    return (int) list.output().lines().skip(1).filter(l -> !l.isBlank()).count();
  }

  /**
   * Every sample in {@code db}, one line each, as {@code promtool tsdb dump} prints them: {@code
   * {__name__="m", a="b"} VALUE MILLIS}.
   */
  public List<String> dump(Path db) throws IOException, InterruptedException {
    // The dump opens the directory as a database, which needs a write-ahead log directory.
    Files.createDirectories(db.resolve("wal"));
    Result dump = run("tsdb", "dump", db.toString());
    if (dump.exitCode() != 0) {
      throw new IllegalStateException("promtool tsdb dump failed: " + dump.output());
    }
    List<String> out = new ArrayList<>();
    dump.output().lines().filter(l -> l.startsWith("{")).forEach(out::add);
    return out;
  }

  private Result run(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    command.addAll(List.of(args));
    Path log = Files.createTempFile("promtool", ".log");
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      if (!process.waitFor(5, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new IllegalStateException("promtool did not finish: " + command);
      }
      return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(log);
    }
  }
}
