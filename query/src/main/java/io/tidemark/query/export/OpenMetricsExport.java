package io.tidemark.query.export;

import io.tidemark.query.format.GoNumbers;
import io.tidemark.storage.LabelMatcher;
import io.tidemark.storage.Labels;
import io.tidemark.storage.Sample;
import io.tidemark.storage.SeriesKey;
import io.tidemark.storage.TimeSeriesStore;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * An export of raw samples as OpenMetrics 1.0 text, the form {@code promtool tsdb
 * create-blocks-from openmetrics} and Tidemark's {@code import} read.
 *
 * <p>{@link #prepare} selects and sorts the series (one key each in memory); {@link #writeTo} then
 * reads and writes them one at a time, a UTC day of a series at a time for ranges of up to {@value
 * #MAX_WINDOWED_DAYS} days, so the memory an export needs does not grow with its samples. The text:
 *
 * <pre>
 * # TYPE node_cpu_usage_seconds counter
 * node_cpu_usage_seconds_total{node="n1"} 1234.5 1700000000.123
 * # TYPE node_memory_working_set_bytes gauge
 * node_memory_working_set_bytes{node="n1"} 123456789 1700000000.123
 * # EOF
 * </pre>
 *
 * <ul>
 *   <li>Series sorted by metric name, then labels; one {@code # TYPE} line before the first sample
 *       of each metric; families without a sample in the range are left out.
 *   <li>A metric named {@code *_total} is a counter whose family name drops {@code _total}, unless
 *       a sample in the range is NaN or negative (a counter total cannot be) or another exported
 *       metric already has that name: then its type is {@code unknown} and the family keeps the
 *       full name. Every other metric is a {@code gauge}. (The series of a {@code *_total} metric
 *       are read twice: once to check their values, once to write them.)
 *   <li>Timestamps in seconds with three decimals when they have milliseconds; values with the
 *       digits that read back to the same double, {@code NaN}, {@code +Inf}, {@code -Inf}.
 *       Prometheus' staleness markers are left out, as in its own federation: the text formats have
 *       no way to say them.
 *   <li>{@code # EOF} last: a reader that finds it knows the export is complete.
 * </ul>
 *
 * <p>Thread safety: an instance is written once, by one thread; the store may be appended to
 * meanwhile (a series then ends where its reads found it).
 */
public final class OpenMetricsExport {

  /** The content type of the text. */
  public static final String MEDIA_TYPE =
      "application/openmetrics-text; version=1.0.0; charset=utf-8";

  /** Longest range read a day of a series at a time; longer ranges read a series at once. */
  static final int MAX_WINDOWED_DAYS = 64;

  private static final long DAY_MILLIS = 86_400_000L;
  private static final long STALE_NAN_BITS = 0x7ff0000000000002L;

  /** Metric name, then labels without {@code le} and {@code quantile}, then all labels. */
  static final Comparator<SeriesKey> ORDER =
      Comparator.comparing(SeriesKey::metric)
          .thenComparing((a, b) -> compareLabels(labels(a), labels(b), true))
          .thenComparing((a, b) -> compareLabels(labels(a), labels(b), false));

  private final TimeSeriesStore store;
  private final List<SeriesKey> series;
  private final Set<String> metrics;
  private final List<long[]> windows;

  private OpenMetricsExport(TimeSeriesStore store, List<SeriesKey> series, ExportRequest request) {
    this.store = store;
    this.series = series;
    this.windows = windows(request.fromMillis(), request.toMillis());
    this.metrics = new HashSet<>();
    for (SeriesKey key : series) {
      metrics.add(key.metric());
    }
  }

  /** Receives progress while an export is written. */
  @FunctionalInterface
  public interface Listener {

    /** Ignores progress. */
    Listener NONE = (done, total, samples) -> {};

    /**
     * Called after each series.
     *
     * @param seriesDone series read so far, with or without samples in the range
     * @param seriesTotal series selected
     * @param samples samples written so far
     */
    void progress(int seriesDone, int seriesTotal, long samples);
  }

  /**
   * What was written.
   *
   * @param series series with at least one sample in the range
   * @param samples samples written
   */
  public record Summary(int series, long samples) {}

  /**
   * Selects the series of {@code request} from {@code store}, sorted for the export.
   *
   * @throws io.tidemark.storage.StorageException when the store fails
   */
  public static OpenMetricsExport prepare(TimeSeriesStore store, ExportRequest request) {
    Set<SeriesKey> matched = new HashSet<>();
    for (List<LabelMatcher> selector : request.selectors()) {
      matched.addAll(store.select(selector));
    }
    List<SeriesKey> sorted = new ArrayList<>(matched);
    sorted.sort(ORDER);
    return new OpenMetricsExport(store, sorted, request);
  }

  /** How many series were selected (some may have no sample in the range). */
  public int seriesCount() {
    return series.size();
  }

  /**
   * Writes the export to {@code out}, which it flushes but does not close.
   *
   * @throws IOException when {@code out} fails; what was written so far lacks {@code # EOF}
   * @throws io.tidemark.storage.StorageException when the store fails
   */
  public Summary writeTo(OutputStream out, Listener listener) throws IOException {
    Writer writer =
        new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
    StringBuilder line = new StringBuilder(256);
    int exported = 0;
    long samples = 0;
    int i = 0;
    while (i < series.size()) {
      String metric = series.get(i).metric();
      int end = i + 1;
      while (end < series.size() && series.get(end).metric().equals(metric)) {
        end++;
      }
      String typeLine = typeLine(metric, series.subList(i, end));
      for (int s = i; s < end; s++) {
        long written = writeSeries(writer, line, series.get(s), typeLine);
        if (written > 0) {
          typeLine = null;
          exported++;
          samples += written;
        }
        listener.progress(s + 1, series.size(), samples);
      }
      i = end;
    }
    writer.write("# EOF\n");
    writer.flush();
    return new Summary(exported, samples);
  }

  /** The {@code # TYPE} line of a metric's family. */
  private String typeLine(String metric, List<SeriesKey> family) {
    if (metric.endsWith("_total")) {
      String base = metric.substring(0, metric.length() - "_total".length());
      if (!base.isEmpty() && !metrics.contains(base) && countable(family)) {
        return "# TYPE " + base + " counter\n";
      }
      return "# TYPE " + metric + " unknown\n";
    }
    return "# TYPE " + metric + " gauge\n";
  }

  /** Whether every sample of the family in the range can be a counter total. */
  private boolean countable(List<SeriesKey> family) {
    for (SeriesKey key : family) {
      for (long[] window : windows) {
        for (Sample sample : store.read(key, window[0], window[1])) {
          double v = sample.value();
          if ((Double.isNaN(v) && !isStale(v)) || v < 0) {
            return false;
          }
        }
      }
    }
    return true;
  }

  /** Writes one series; returns how many samples it had. */
  private long writeSeries(Writer writer, StringBuilder line, SeriesKey key, String typeLine)
      throws IOException {
    line.setLength(0);
    line.append(key.metric());
    appendLabels(line, labels(key));
    line.append(' ');
    int prefix = line.length();
    long written = 0;
    for (long[] window : windows) {
      for (Sample sample : store.read(key, window[0], window[1])) {
        if (isStale(sample.value())) {
          continue;
        }
        if (written == 0 && typeLine != null) {
          writer.write(typeLine);
        }
        line.setLength(prefix);
        appendValue(line, sample.value());
        line.append(' ');
        GoNumbers.appendSeconds(line, sample.timestampMillis());
        line.append('\n');
        writer.append(line);
        written++;
      }
    }
    return written;
  }

  /**
   * The ranges to read a series in: the UTC days of the range, or the whole range at once when it
   * is unbounded or longer than {@link #MAX_WINDOWED_DAYS} days.
   */
  static List<long[]> windows(long from, long to) {
    long firstDay = Math.floorDiv(from, DAY_MILLIS);
    long lastDay = Math.floorDiv(to, DAY_MILLIS);
    if (from == Long.MIN_VALUE
        || to == Long.MAX_VALUE
        || lastDay - firstDay >= MAX_WINDOWED_DAYS
        || lastDay == firstDay) {
      return List.<long[]>of(new long[] {from, to});
    }
    List<long[]> out = new ArrayList<>();
    for (long day = firstDay; day <= lastDay; day++) {
      long start = Math.max(from, day * DAY_MILLIS);
      long end = Math.min(to, (day + 1) * DAY_MILLIS - 1);
      out.add(new long[] {start, end});
    }
    return out;
  }

  private static boolean isStale(double value) {
    return Double.doubleToRawLongBits(value) == STALE_NAN_BITS;
  }

  private static Labels labels(SeriesKey key) {
    return Labels.of(key.labels());
  }

  private static int compareLabels(Labels a, Labels b, boolean groupOnly) {
    int i = 0;
    int j = 0;
    while (true) {
      if (groupOnly) {
        while (i < a.size() && isGroupingExempt(a.name(i))) {
          i++;
        }
        while (j < b.size() && isGroupingExempt(b.name(j))) {
          j++;
        }
      }
      if (i == a.size() || j == b.size()) {
        return Integer.compare(a.size() - i, b.size() - j);
      }
      int c = a.name(i).compareTo(b.name(j));
      if (c == 0) {
        c = a.value(i).compareTo(b.value(j));
      }
      if (c != 0) {
        return c;
      }
      i++;
      j++;
    }
  }

  /**
   * {@code le} and {@code quantile}: labels that OpenMetrics readers leave out when they check that
   * the samples of one label set come together, so series differing only in them are kept next to
   * each other.
   */
  private static boolean isGroupingExempt(String label) {
    return label.equals("le") || label.equals("quantile");
  }

  static void appendLabels(StringBuilder out, Labels labels) {
    if (labels.isEmpty()) {
      return;
    }
    out.append('{');
    for (int i = 0; i < labels.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append(labels.name(i)).append("=\"");
      Labels.appendEscaped(out, labels.value(i));
      out.append('"');
    }
    out.append('}');
  }

  /** A value that reads back to the same double; integers without a fraction or exponent. */
  static void appendValue(StringBuilder out, double value) {
    if (Double.isNaN(value)) {
      out.append("NaN");
    } else if (Double.isInfinite(value)) {
      out.append(value > 0 ? "+Inf" : "-Inf");
    } else if (value == 0) {
      out.append(Double.doubleToRawLongBits(value) == 0 ? "0" : "-0");
    } else if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      out.append((long) value);
    } else {
      // Java's shortest-unique digits: not always the shortest on Java 17, but always exact.
      out.append(value);
    }
  }
}
