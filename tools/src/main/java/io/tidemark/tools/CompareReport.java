package io.tidemark.tools;

import io.tidemark.tools.CompareRun.SystemResult;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The side-by-side's report: the summary table with the ratios Tidemark / peer (the headline, since
 * these machines are noisy), each system's details, how every figure was obtained, and warnings.
 */
final class CompareReport {

  /** A figure of the summary: its JSON key, its label, how to print it, how to read it. */
  private record Row(
      String key,
      String label,
      Function<SystemResult, Double> value,
      Function<Double, String> shown) {}

  private static final List<Row> SUMMARY =
      List.of(
          new Row(
              "samplesPerSecond",
              "samples ingested per second",
              SystemResult::samplesPerSecond,
              v -> Table.number(v, 0)),
          new Row(
              "cpuSecondsPerMillionSamples",
              "CPU seconds per million samples",
              SystemResult::cpuSecondsPerMillionSamples,
              v -> Table.number(v, 2)),
          new Row(
              "coresUsed",
              "cores used (average)",
              r -> r.cpuSeconds() / r.windowSeconds(),
              v -> Table.number(v, 3)),
          new Row(
              "peakRssBytes",
              "peak RSS",
              r -> (double) r.peakRssBytes(),
              v -> Table.mib(v.longValue())),
          new Row(
              "bytesPerSample",
              "bytes on disk per sample",
              SystemResult::bytesPerSample,
              v -> Table.number(v, 2)),
          new Row(
              "compactedBytesPerSample",
              "bytes on disk per sample, compacted",
              SystemResult::compactedBytesPerSample,
              v -> Table.number(v, 2)),
          new Row(
              "rateQueryMedianMillis",
              "`rate` range query, median",
              r -> r.query("rate").medianMillis(),
              Table::millis),
          new Row(
              "maxOverTimeQueryMedianMillis",
              "`max_over_time` instant query, median",
              r -> r.query("max_over_time").medianMillis(),
              Table::millis));

  private CompareReport() {}

  /** The peers Tidemark is compared with in this run: the systems after it, if it ran. */
  private static List<SystemResult> peers(List<SystemResult> results) {
    if (results.stream().noneMatch(r -> r.name().equals("tidemark"))) {
      return List.of();
    }
    return results.stream().filter(r -> !r.name().equals("tidemark")).toList();
  }

  private static SystemResult tidemark(List<SystemResult> results) {
    return results.stream().filter(r -> r.name().equals("tidemark")).findFirst().orElse(null);
  }

  /** Every summary figure of every system, by system; NaN (null in JSON) where not measured. */
  static Map<String, Map<String, Double>> summary(List<SystemResult> results) {
    Map<String, Map<String, Double>> out = new LinkedHashMap<>();
    for (SystemResult r : results) {
      Map<String, Double> figures = new LinkedHashMap<>();
      for (Row row : SUMMARY) {
        double v = row.value().apply(r);
        figures.put(row.key(), Double.isFinite(v) ? v : null);
      }
      out.put(r.name(), figures);
    }
    return out;
  }

  /** Tidemark / peer for every summary figure, by peer; NaN (null in JSON) where not measured. */
  static Map<String, Map<String, Double>> ratios(List<SystemResult> results) {
    Map<String, Map<String, Double>> out = new LinkedHashMap<>();
    SystemResult t = tidemark(results);
    for (SystemResult peer : peers(results)) {
      Map<String, Double> r = new LinkedHashMap<>();
      for (Row row : SUMMARY) {
        double v = Table.ratioValue(row.value().apply(t), row.value().apply(peer));
        r.put(row.key(), Double.isNaN(v) ? null : v);
      }
      out.put(peer.name(), r);
    }
    return out;
  }

  /** A warning per query whose answers did not hold the same number of series on every system. */
  static List<String> seriesWarnings(List<SystemResult> results) {
    List<String> out = new ArrayList<>();
    if (results.isEmpty()) {
      return out;
    }
    for (QueryBench.Result q : results.get(0).queries()) {
      Map<String, Integer> counts = new LinkedHashMap<>();
      for (SystemResult r : results) {
        QueryBench.Result mine = r.query(q.key());
        if (mine.failed()) {
          out.add("the " + q.key() + " query failed on " + r.name() + ": " + mine.error());
        } else {
          counts.put(r.name(), mine.series());
        }
      }
      if (new TreeSet<>(counts.values()).size() > 1) {
        out.add(
            "the "
                + q.key()
                + " query returned different numbers of series: "
                + counts
                + " (a small difference is expected: each system ran at another time, so the"
                + " simulator's pod churn differs, and VictoriaMetrics' MetricsQL rate() can answer"
                + " for a short-lived series PromQL leaves out; a large one is not)");
      }
      if (counts.containsValue(0)) {
        out.add("the " + q.key() + " query returned no series on some system: " + counts);
      }
    }
    return out;
  }

  static String markdown(
      Instant started,
      int nodes,
      int pods,
      Duration interval,
      Duration warmup,
      Duration duration,
      int queryRuns,
      Machine machine,
      TidemarkJar jar,
      List<String> jvmOpts,
      List<SystemResult> results,
      List<String> warnings) {
    StringBuilder md = new StringBuilder();
    md.append("## Side-by-side, ").append(started.truncatedTo(ChronoUnit.SECONDS)).append("\n\n");
    md.append(
        String.format(
            "- Fleet: %,d simulated nodes x %d pods, `/metrics/resource` (pre-rendered by the"
                + " simulator, its own process), scraped every %s by each system in turn: warm-up"
                + " %s (not measured), then a measured window of %s; loopback, one temporary"
                + " directory each.%n",
            nodes,
            pods,
            Options.format(interval),
            Options.format(warmup),
            Options.format(duration)));
    md.append("- Machine: ").append(machine.summary()).append(".\n");
    for (SystemResult r : results) {
      md.append("- ").append(r.name()).append(": ").append(r.version()).append('\n');
    }
    md.append("- Tidemark JVM options: ")
        .append(jvmOpts.isEmpty() ? "(none given)" : String.join(" ", jvmOpts))
        .append("; jar `")
        .append(jar.classPath())
        .append("`.\n\n");

    md.append("### Summary\n\n");
    List<SystemResult> peers = peers(results);
    SystemResult t = tidemark(results);
    List<String> headers = new ArrayList<>(List.of("figure"));
    results.forEach(r -> headers.add(r.name()));
    peers.forEach(p -> headers.add("tidemark / " + p.name()));
    Table summary = new Table(headers.toArray(String[]::new));
    for (Row row : SUMMARY) {
      List<String> cells = new ArrayList<>(List.of(row.label()));
      for (SystemResult r : results) {
        cells.add(row.shown().apply(row.value().apply(r)));
      }
      for (SystemResult p : peers) {
        cells.add("**" + Table.ratio(row.value().apply(t), row.value().apply(p)) + "**");
      }
      summary.row(cells.toArray(String[]::new));
    }
    md.append(summary.markdown()).append('\n');
    md.append(
        "Ratios below 1 favour Tidemark. Samples per second differ between systems only by the"
            + " series each adds about its own scrapes (per target and scrape: Tidemark 3, Prometheus 5,"
            + " VictoriaMetrics 6) and by the fleet's churn; the per-sample figures divide by each"
            + " system's own count.\n\n");

    md.append("### Details\n\n");
    List<String> detailHeaders = new ArrayList<>(List.of("figure"));
    results.forEach(r -> detailHeaders.add(r.name()));
    Table details = new Table(detailHeaders.toArray(String[]::new));
    detail(details, results, "measured window", r -> Table.number(r.windowSeconds(), 1) + " s");
    detail(details, results, "samples ingested in the window", r -> Table.count(r.samples()));
    detail(details, results, "CPU seconds in the window", r -> Table.number(r.cpuSeconds(), 2));
    detail(
        details,
        results,
        "simulator cores in the window",
        r -> Table.number(r.simulatorCpuSeconds() / r.windowSeconds(), 3));
    detail(
        details,
        results,
        "RSS, largest sampled (whole life: queries and disk phase too)",
        r -> Table.mib(r.maxSampledRssBytes()));
    detail(details, results, "data on disk", r -> Table.mib(r.disk().bytes()));
    detail(details, results, "samples stored (whole run)", r -> Table.count(r.disk().samples()));
    for (QueryBench.Result q :
        results.isEmpty() ? List.<QueryBench.Result>of() : results.get(0).queries()) {
      detail(
          details,
          results,
          "`" + q.key() + "`: series returned",
          r -> r.query(q.key()).failed() ? "failed" : Integer.toString(r.query(q.key()).series()));
      detail(
          details,
          results,
          "`" + q.key() + "`: timed runs (ms)",
          r ->
              String.join(
                  " ", r.query(q.key()).millis().stream().map(m -> Table.number(m, 1)).toList()));
    }
    detail(details, results, "data directory by entry", r -> r.disk().breakdown().toString());
    detail(
        details, results, "exit status when stopped", r -> Integer.toString(r.disk().exitStatus()));
    md.append(details.markdown()).append('\n');

    md.append("### How each figure is obtained\n\n");
    md.append(
        "- **CPU seconds**: utime + stime of the system's process from /proc/PID/stat (CLK_TCK"
            + " from `getconf CLK_TCK`), difference over the measured window; start-up, warm-up,"
            + " queries and shutdown are outside it. Per million samples: divided by the samples"
            + " it ingested in the same window.\n");
    md.append(
        "- **Peak RSS**: VmHWM of /proc/PID/status at the end of the window (the kernel's high"
            + " water mark over the process' life); VmRSS sampled every second as a"
            + " cross-check.\n");
    md.append("- **Samples**:\n");
    for (SystemResult r : results) {
      md.append("  - ").append(r.name()).append(": ").append(r.samplesHow()).append('\n');
    }
    md.append(
        "- **Bytes on disk per sample**: bytes of the data directory (apparent sizes of every"
            + " file) / samples stored over the whole run (warm-up included), where the bytes"
            + " are:\n");
    for (SystemResult r : results) {
      md.append("  - ").append(r.name()).append(": ").append(r.disk().how()).append('\n');
    }
    md.append(
        "- **Bytes on disk per sample, compacted**: the same division, where the bytes are:\n");
    for (SystemResult r : results) {
      md.append("  - ").append(r.name()).append(": ").append(r.disk().compactedHow()).append('\n');
    }
    if (!results.isEmpty()) {
      SystemResult first = results.get(0);
      md.append("- **Queries** (the same on every system, at the end of its window, ")
          .append(queryRuns)
          .append(
              " timed runs after one untimed, median wall time over HTTP including reading"
                  + " the answer):\n");
      for (QueryBench.Result q : first.queries()) {
        Map<String, String> p = q.params();
        md.append("  - `").append(q.key()).append("`: `").append(p.get("query")).append('`');
        if (p.containsKey("step")) {
          double span = Double.parseDouble(p.get("end")) - Double.parseDouble(p.get("start"));
          md.append(", range query over the last ")
              .append(Table.number(span, 0))
              .append(" s at a step of ")
              .append(p.get("step"))
              .append(" s");
        } else {
          md.append(", instant query");
        }
        md.append('\n');
      }
    }
    if (!warnings.isEmpty()) {
      md.append("\n### Warnings\n\n");
      for (String w : warnings) {
        md.append("- **").append(w).append("**\n");
      }
    }
    return md.toString();
  }

  private static void detail(
      Table table, List<SystemResult> results, String label, Function<SystemResult, String> cell) {
    List<String> cells = new ArrayList<>(List.of(label));
    for (SystemResult r : results) {
      cells.add(cell.apply(r));
    }
    table.row(cells.toArray(String[]::new));
  }
}
