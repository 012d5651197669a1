package io.tidemark.collector.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.util.JarLocation;
import io.tidemark.collector.TidemarkApplication;
import io.tidemark.config.TidemarkConfiguration;
import io.tidemark.storage.LabelMatcher;
import io.tidemark.storage.Sample;
import io.tidemark.storage.SeriesKey;
import io.tidemark.storage.SeriesSample;
import io.tidemark.storage.rocksdb.RocksDbStore;
import io.tidemark.testkit.Promtool;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code export} and {@code import} commands, run in-process through Dropwizard's command line
 * as the jar runs them: round trips, gzip, exit codes and messages.
 */
class ExportImportCommandTest {

  private static final long T0 = 1_700_000_000_000L;
  private static final long DAY = 86_400_000L;

  @TempDir Path dir;

  /** What a command run printed, and its exit code (1 when it failed, as the jar exits). */
  record Run(int exitCode, byte[] output, String stderr) {

    /** Standard output as text. */
    String stdout() {
      return new String(output, StandardCharsets.UTF_8);
    }
  }

  static Run run(InputStream stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
    PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
    Bootstrap<TidemarkConfiguration> bootstrap = new Bootstrap<>(new TidemarkApplication());
    bootstrap.addCommand(new ExportCommand(outStream, errStream, false, System::nanoTime));
    bootstrap.addCommand(new ImportCommand(outStream, errStream, stdin, false, System::nanoTime));
    Cli cli = new Cli(new JarLocation(ExportImportCommandTest.class), bootstrap, out, err);
    Optional<Throwable> failure = cli.run(args);
    return new Run(
        failure.isPresent() ? 1 : 0, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
  }

  static Run run(String... args) {
    return run(InputStream.nullInputStream(), args);
  }

  /** Gauges with every kind of special value, counters with resets, odd labels, three days. */
  private static void fill(RocksDbStore store) {
    List<SeriesKey> keys =
        List.of(
            SeriesKey.of("requests_total", "code", "200", "node", "n1"),
            SeriesKey.of("requests_total", "code", "500", "node", "n1"),
            SeriesKey.of("memory_bytes", "pod", "a \"b\" \\c\nd", "site", "zürich"),
            SeriesKey.of("errors_total", "node", "n1"),
            SeriesKey.of("cpu"),
            SeriesKey.of("cpu_total"),
            SeriesKey.of("latency_seconds_bucket", "le", "0.5", "pod", "p"),
            SeriesKey.of("latency_seconds_bucket", "le", "+Inf", "pod", "p"));
    double[] specials = {
      Double.NaN,
      Double.POSITIVE_INFINITY,
      Double.NEGATIVE_INFINITY,
      -0.0,
      1e-300,
      0.1 + 0.2,
      Double.MAX_VALUE,
      Double.MIN_VALUE,
      -123456789.125
    };
    List<SeriesSample> batch = new ArrayList<>();
    double counter = 0;
    int step = 0;
    for (long t = T0; t < T0 + 3 * DAY; t += 60_000 + (step % 7), step++) {
      counter = step % 500 == 0 ? 0 : counter + step % 13; // resets
      batch.add(new SeriesSample(keys.get(0), t, counter));
      batch.add(new SeriesSample(keys.get(1), t, counter / 3));
      batch.add(new SeriesSample(keys.get(2), t, specials[step % specials.length]));
      batch.add(new SeriesSample(keys.get(3), t, step == 100 ? Double.NaN : step));
      batch.add(new SeriesSample(keys.get(4), t, Math.sin(step)));
      batch.add(new SeriesSample(keys.get(5), t, step));
      batch.add(new SeriesSample(keys.get(6), t, step / 2));
      batch.add(new SeriesSample(keys.get(7), t + 1, step));
      if (batch.size() > 5000) {
        store.append(batch);
        batch.clear();
      }
    }
    store.append(batch);
  }

  static void assertSameContents(Path expectedDir, Path actualDir) {
    try (RocksDbStore expected = RocksDbStore.openReadOnly(expectedDir);
        RocksDbStore actual = RocksDbStore.openReadOnly(actualDir)) {
      List<LabelMatcher> all = List.of(LabelMatcher.regex("__name__", ".+"));
      List<SeriesKey> series = expected.select(all);
      assertThat(series).isNotEmpty();
      assertThat(actual.select(all)).containsExactlyInAnyOrderElementsOf(series);
      for (SeriesKey key : series) {
        List<Sample> want = expected.read(key, Long.MIN_VALUE, Long.MAX_VALUE);
        // Sample's equals compares doubles as Double.compare does: NaN equals NaN, -0 is not 0.
        assertThat(actual.read(key, Long.MIN_VALUE, Long.MAX_VALUE))
            .as(key.toString())
            .isEqualTo(want);
      }
    }
  }

  @Test
  void roundTripsEverySeriesAndSampleThroughAFileOfASnapshot() throws Exception {
    Path source = dir.resolve("source");
    Path snapshot = dir.resolve("snapshot");
    try (RocksDbStore store = RocksDbStore.open(source)) {
      fill(store);
      store.snapshot(snapshot); // exported while the store stays open
    }
    Path file = dir.resolve("export.om");

    Run export = run("export", "--storage", snapshot.toString(), "--output", file.toString());
    Run imported = run("import", "--storage", dir.resolve("copy").toString(), file.toString());

    assertThat(export.exitCode()).as(export.stderr()).isZero();
    assertThat(export.stdout()).isEmpty();
    assertThat(export.stderr())
        .matches("(?s)exported 8 series, [0-9,]+ samples to .*export\\.om\\n");
    assertThat(Files.readString(file))
        .startsWith("# TYPE cpu gauge\n")
        .contains("# TYPE cpu_total unknown\n", "# TYPE errors_total unknown\n")
        .contains("# TYPE requests counter\n", "# TYPE latency_seconds_bucket gauge\n")
        .endsWith("\n# EOF\n");
    assertThat(Files.exists(dir.resolve("export.om.partial"))).isFalse();
    assertThat(imported.exitCode()).as(imported.stderr()).isZero();
    assertThat(imported.stdout())
        .matches(
            "(?s).*export\\.om: [0-9,]+ samples read: [0-9,]+ stored, 0 duplicates, 0 rejected\\n");
    assertSameContents(snapshot, dir.resolve("copy"));
  }

  @Test
  void promtoolAcceptsSpecialValuesUnknownFamiliesAndOddLabels() throws Exception {
    Promtool promtool = Promtool.require();
    Path source = dir.resolve("source");
    try (RocksDbStore store = RocksDbStore.open(source)) {
      fill(store);
    }
    Path file = dir.resolve("export.om");

    Run export = run("export", "--storage", source.toString(), "--output", file.toString());
    Promtool.Result blocks = promtool.createBlocks(file, dir.resolve("blocks"));

    assertThat(export.exitCode()).as(export.stderr()).isZero();
    assertThat(blocks.exitCode()).as(blocks.output()).isZero();
    long samples = Files.readAllLines(file).stream().filter(l -> !l.startsWith("#")).count();
    assertThat(promtool.sampleCount(dir.resolve("blocks"))).isEqualTo(samples);
  }

  @Test
  void roundTripsThroughGzipOnStandardOutputAndInput() throws Exception {
    Path source = dir.resolve("source");
    try (RocksDbStore store = RocksDbStore.open(source)) {
      fill(store);
    }

    Run export = run("export", "--storage", source.toString(), "--gzip", "--output", "-");
    Run imported =
        run(
            new ByteArrayInputStream(export.output()),
            "import",
            "--storage",
            dir.resolve("copy").toString(),
            "-");

    assertThat(export.exitCode()).as(export.stderr()).isZero();
    assertThat(export.output()[0] & 0xff).isEqualTo(0x1f);
    assertThat(export.output()[1] & 0xff).isEqualTo(0x8b);
    String text =
        new String(
            new GZIPInputStream(new ByteArrayInputStream(export.output())).readAllBytes(),
            StandardCharsets.UTF_8);
    assertThat(text).startsWith("# TYPE cpu gauge\n").endsWith("\n# EOF\n");
    assertThat(export.stderr()).contains("to standard output");
    assertThat(imported.exitCode()).as(imported.stderr()).isZero();
    assertThat(imported.stdout()).startsWith("-: ");
    assertSameContents(source, dir.resolve("copy"));
  }

  @Test
  void exportsAGzipFileOfARangeAndImportsItAgain() throws Exception {
    Path source = dir.resolve("source");
    try (RocksDbStore store = RocksDbStore.open(source)) {
      fill(store);
    }
    Path file = dir.resolve("day.om.gz");

    Run export =
        run(
            "export",
            "--storage",
            source.toString(),
            "--match",
            "requests_total{code=\"200\"}",
            "--match",
            "memory_bytes",
            "--start",
            "2023-11-15T00:00:00Z",
            "--end",
            "1700092800", // 2023-11-16T00:00:00Z
            "--gzip",
            "--output",
            file.toString());
    Run imported = run("import", "--storage", dir.resolve("copy").toString(), file.toString());

    assertThat(export.exitCode()).as(export.stderr()).isZero();
    assertThat(export.stderr())
        .contains("exported 2 series")
        .contains("(2023-11-15T00:00:00Z to 2023-11-16T00:00:00Z)");
    assertThat(imported.exitCode()).as(imported.stderr()).isZero();
    try (RocksDbStore original = RocksDbStore.openReadOnly(source);
        RocksDbStore copy = RocksDbStore.openReadOnly(dir.resolve("copy"))) {
      for (SeriesKey key :
          original.select(List.of(LabelMatcher.regex("__name__", "requests_total|memory_bytes")))) {
        List<Sample> day = original.read(key, 1_700_006_400_000L, 1_700_092_800_000L);
        if (key.label("code") != null && key.label("code").equals("500")) {
          assertThat(copy.read(key, Long.MIN_VALUE, Long.MAX_VALUE)).isEmpty();
        } else {
          assertThat(day).hasSizeGreaterThan(1000);
          assertThat(copy.read(key, Long.MIN_VALUE, Long.MAX_VALUE)).isEqualTo(day);
        }
      }
    }
  }

  @Test
  void importingTheSameFileAgainCountsWhatIsAlreadyStored() throws Exception {
    Path file = dir.resolve("data.prom");
    Files.writeString(file, "a 1 1700000000000\na 2 1700000001000\nb 1 1700000000000\n");
    Path store = dir.resolve("store");
    run("import", "--storage", store.toString(), file.toString());

    Run again = run("import", "--storage", store.toString(), file.toString(), file.toString());

    assertThat(again.exitCode()).isZero();
    assertThat(again.stdout())
        .isEqualTo(
            file
                + ": 3 samples read: 0 stored, 2 duplicates, 1 rejected\n"
                + file
                + ": 3 samples read: 0 stored, 2 duplicates, 1 rejected\n"
                + "total: 6 samples read: 0 stored, 4 duplicates, 2 rejected\n"
                + "rejected samples are older than the newest sample of their series already"
                + " stored (or fall in a day the store has sealed); they were not imported\n");
  }

  @Test
  void importStopsAtAMalformedLineNamingItAndKeepsWhatCameBefore() throws Exception {
    Path good = dir.resolve("good.prom");
    Path bad = dir.resolve("bad.prom");
    Files.writeString(good, "a 1 1700000000000\n");
    Files.writeString(
        bad, "# TYPE b gauge\nb 1 1700000000000\nb 2 1700000001000\nb{x=1} 3 1700000002000\n");
    Path store = dir.resolve("store");

    Run run =
        run(
            "import",
            "--storage",
            store.toString(),
            "--batch-size",
            "1",
            good.toString(),
            bad.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stdout())
        .isEqualTo(
            good
                + ": 1 samples read: 1 stored, 0 duplicates, 0 rejected\n"
                + bad
                + ": 2 samples read: 2 stored, 0 duplicates, 0 rejected before the error\n");
    assertThat(run.stderr())
        .isEqualTo(
            "tidemark: "
                + bad
                + ", line 4: expected '\"' at start of label value (the 3 samples stored before"
                + " it are kept)\n");
    try (RocksDbStore kept = RocksDbStore.openReadOnly(store)) {
      assertThat(kept.read(SeriesKey.of("b"), Long.MIN_VALUE, Long.MAX_VALUE)).hasSize(2);
      assertThat(kept.read(SeriesKey.of("a"), Long.MIN_VALUE, Long.MAX_VALUE)).hasSize(1);
    }
  }

  @Test
  void importRefusesSamplesWithoutTimestamps() throws Exception {
    Path file = dir.resolve("scrape.prom");
    Files.writeString(file, "# TYPE up gauge\nup 1\n");

    Run run = run("import", "--storage", dir.resolve("store").toString(), file.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stderr())
        .startsWith("tidemark: " + file + ", line 2: the sample of up has no timestamp");
  }

  @Test
  void importChecksEveryFileBeforeTouchingTheStore() {
    Path store = dir.resolve("store");

    Run run = run("import", "--storage", store.toString(), dir.resolve("missing.prom").toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stderr())
        .isEqualTo("tidemark: " + dir.resolve("missing.prom") + ": no such file\n");
    assertThat(Files.exists(store)).isFalse();
  }

  @Test
  void commandsExplainWrongOptions() throws Exception {
    Path source = dir.resolve("source");
    try (RocksDbStore store = RocksDbStore.open(source)) {
      store.append(List.of(new SeriesSample(SeriesKey.of("up"), T0, 1)));
    }
    String s = source.toString();

    assertThat(run("export"))
        .satisfies(
            r -> {
              assertThat(r.exitCode()).isEqualTo(1);
              assertThat(r.stderr()).contains("argument --storage is required");
            });
    assertThat(run("import", "--storage", s))
        .satisfies(
            r -> {
              assertThat(r.exitCode()).isEqualTo(1);
              assertThat(r.stderr()).contains("too few arguments");
            });
    assertFails(
        run("export", "--storage", dir.resolve("none").toString()),
        "tidemark: --storage: no store at " + dir.resolve("none"));
    Run match = run("export", "--storage", s, "--match", "rate(up[5m])");
    assertThat(match.exitCode()).isEqualTo(1);
    // The rest is the PromQL parser's wording, tested with the parser.
    assertThat(match.stderr()).startsWith("tidemark: --match: parse error at char 1: ");
    assertFails(
        run("export", "--storage", s, "--start", "yesterday"),
        "tidemark: --start: cannot parse \"yesterday\" to a valid timestamp (unix seconds or RFC"
            + " 3339)");
    assertFails(
        run("export", "--storage", s, "--start", "20", "--end", "10"),
        "tidemark: --end: the end is before --start");
    Path unwritable = dir.resolve("no/such/dir/out.om");
    Run output = run("export", "--storage", s, "--output", unwritable.toString());
    assertThat(output.exitCode()).isEqualTo(1);
    assertThat(output.stderr()).startsWith("tidemark: --output: cannot write " + unwritable);
    assertFails(
        run("import", "--storage", s, "--batch-size", "0", "-"),
        "tidemark: --batch-size: must be at least 1, was 0");
    try (RocksDbStore running = RocksDbStore.open(dir.resolve("running"))) {
      Run locked = run("import", "--storage", running.directory().toString(), "-");
      assertThat(locked.exitCode()).isEqualTo(1);
      assertThat(locked.stderr())
          .startsWith(
              "tidemark: --storage: the store at "
                  + dir.resolve("running")
                  + " is in use by another process");
    }
    assertThat(run("import", "--storage", s, "--format", "json", "-").stderr())
        .contains("argument --format: invalid choice: 'json'");
  }

  private static void assertFails(Run run, String message) {
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stderr()).isEqualTo(message + "\n");
  }

  @Test
  void importsAMillionSamplesStreamedFromAGzipFile() throws Exception {
    Path file = dir.resolve("big.prom.gz");
    try (PrintStream out =
        new PrintStream(
            new java.util.zip.GZIPOutputStream(Files.newOutputStream(file), 1 << 16),
            false,
            StandardCharsets.UTF_8)) {
      for (int t = 0; t < 1000; t++) {
        long ts = T0 + t * 15_000L;
        for (int s = 0; s < 1000; s++) {
          out.append("container_memory_working_set_bytes{container=\"c\",namespace=\"ns")
              .append(String.valueOf(s % 10))
              .append("\",pod=\"pod-")
              .append(String.valueOf(s))
              .append("\"} ")
              .append(String.valueOf(1_000_000 + s * 1000 + t))
              .append(' ')
              .append(String.valueOf(ts))
              .append('\n');
        }
      }
    }

    Run run = run("import", "--storage", dir.resolve("store").toString(), file.toString());

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(run.stdout())
        .isEqualTo(file + ": 1,000,000 samples read: 1,000,000 stored, 0 duplicates, 0 rejected\n");
    try (RocksDbStore store = RocksDbStore.openReadOnly(dir.resolve("store"))) {
      assertThat(store.stats().series()).isEqualTo(1000);
      assertThat(
              store.read(
                  SeriesKey.of(
                      "container_memory_working_set_bytes",
                      "container",
                      "c",
                      "namespace",
                      "ns7",
                      "pod",
                      "pod-17"),
                  Long.MIN_VALUE,
                  Long.MAX_VALUE))
          .hasSize(1000)
          .endsWith(new Sample(T0 + 999 * 15_000L, 1_000_000 + 17_000 + 999));
    }
  }
}
