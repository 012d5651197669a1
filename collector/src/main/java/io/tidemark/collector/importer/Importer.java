package io.tidemark.collector.importer;

import io.tidemark.collector.promtext.MetricType;
import io.tidemark.collector.promtext.PromTextParseException;
import io.tidemark.collector.promtext.SampleVisitor;
import io.tidemark.collector.promtext.TextParser;
import io.tidemark.storage.AppendResult;
import io.tidemark.storage.Labels;
import io.tidemark.storage.SeriesKey;
import io.tidemark.storage.SeriesSample;
import io.tidemark.storage.TimeSeriesStore;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Imports Prometheus text (millisecond timestamps) or OpenMetrics text (seconds), plain or gzip,
 * into a store, streamed: the input is read a block of whole lines at a time ({@link
 * LineBlockReader}, 1 MiB) by the collector's own parsers, and appended in batches, so an input of
 * any size needs about a block and a batch of memory (the store's head of open chunks aside).
 *
 * <ul>
 *   <li>Gzip is recognised by its magic bytes; the format is given, or recognised from the first 64
 *       KiB ({@link InputFormat#sniff}).
 *   <li>Every sample needs a timestamp: one without is an error (nothing says when it was taken).
 *   <li>Series keep their labels as they are, an empty value meaning no label; no {@code node}
 *       label is added. Histogram and summary samples become the series they name ({@code
 *       x_bucket{le="0.5"}}, {@code x_sum}, ...), OpenMetrics counters their {@code _total} series.
 *       A series may repeat, at later timestamps.
 *   <li>The store's rules apply per series: a sample at the timestamp of the series' newest one is
 *       a duplicate, an older one is rejected; both are counted, neither is an error.
 *   <li>At the first malformed line the samples before it are appended, then {@link
 *       ImportException} names the input and the line.
 * </ul>
 *
 * <p>Not thread-safe: one import at a time per instance.
 */
public final class Importer {

  /** Samples per append unless told otherwise. */
  public static final int DEFAULT_BATCH_SIZE = 10_000;

  static final int BLOCK_BYTES = 1 << 20;
  static final int MAX_BLOCK_BYTES = 64 << 20;
  static final int SNIFF_BYTES = 64 << 10;

  /** Receives progress while an input is imported. */
  @FunctionalInterface
  public interface Listener {

    /** Ignores progress. */
    Listener NONE = (bytes, result) -> {};

    /**
     * Called after each block.
     *
     * @param bytesRead bytes of the input (compressed, for gzip) consumed so far
     * @param soFar the samples of this input so far
     */
    void progress(long bytesRead, ImportResult soFar);
  }

  private final TimeSeriesStore store;
  private final int batchSize;
  private final int blockBytes;
  private final TextParser prometheus = TextParser.Format.PROMETHEUS_TEXT.newParser();
  private final TextParser openMetrics = TextParser.Format.OPENMETRICS.newParser();

  /** An importer into {@code store} appending {@code batchSize} samples at a time. */
  public Importer(TimeSeriesStore store, int batchSize) {
    this(store, batchSize, BLOCK_BYTES);
  }

  Importer(TimeSeriesStore store, int batchSize, int blockBytes) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("the batch size must be positive, was " + batchSize);
    }
    this.store = store;
    this.batchSize = batchSize;
    this.blockBytes = blockBytes;
  }

  /**
   * Imports one input to its end.
   *
   * @param name the input's name in messages, a file name say
   * @param input the bytes, plain or gzip; not closed
   * @param format the format, or {@code null} to recognise it
   * @return what became of its samples
   * @throws ImportException at a malformed line or an unreadable input, after appending the samples
   *     before it
   * @throws io.tidemark.storage.StorageException when the store fails
   */
  public ImportResult importStream(
      String name, InputStream input, InputFormat format, Listener listener)
      throws ImportException {
    CountingInputStream counted = new CountingInputStream(input);
    // Until the format is known, lines are counted as Prometheus text counts them (from 1).
    prometheus.startInput();
    Batch batch = new Batch(prometheus);
    try {
      BufferedInputStream in = decompressed(counted);
      TextParser parser = parser(format == null ? sniff(in) : format);
      parser.startInput();
      batch.parser = parser;
      LineBlockReader blocks = new LineBlockReader(in, blockBytes, MAX_BLOCK_BYTES);
      while (blocks.next()) {
        parser.parseBlock(blocks.buffer(), blocks.length(), batch);
        listener.progress(counted.count(), batch.result());
      }
      parser.endInput();
      batch.flush();
      return batch.result();
    } catch (PromTextParseException e) {
      batch.flush();
      throw new ImportException(name, e.line(), problem(e), batch.result(), e);
    } catch (SampleProblem e) {
      batch.flush();
      throw new ImportException(name, e.line, e.getMessage(), batch.result(), null);
    } catch (IOException e) {
      batch.flush();
      throw new ImportException(
          name, batch.parser.line(), "cannot read the input: " + e.getMessage(), batch.result(), e);
    }
  }

  /**
   * This importer's parser of {@code format}; the Prometheus one keeps its caches across inputs.
   */
  private TextParser parser(InputFormat format) {
    return switch (format) {
      case PROMETHEUS -> prometheus;
      case OPENMETRICS -> openMetrics;
    };
  }

  /** The parser's problem without its "text format parsing error in line N: " prefix. */
  private static String problem(PromTextParseException e) {
    String message = e.getMessage();
    int colon = message.indexOf(": ");
    return colon < 0 ? message : message.substring(colon + 2);
  }

  /** The input, decompressed when it starts with gzip's magic bytes. */
  private static BufferedInputStream decompressed(InputStream in) throws IOException {
    BufferedInputStream buffered = new BufferedInputStream(in, 1 << 16);
    buffered.mark(2);
    int first = buffered.read();
    int second = buffered.read();
    buffered.reset();
    if (first == 0x1f && second == 0x8b) {
      return new BufferedInputStream(new GZIPInputStream(buffered, 1 << 16), 1 << 16);
    }
    return buffered;
  }

  /** The format of the input, from its whole lines in the first {@value #SNIFF_BYTES} bytes. */
  private static InputFormat sniff(BufferedInputStream in) throws IOException {
    in.mark(SNIFF_BYTES);
    byte[] head = in.readNBytes(SNIFF_BYTES);
    in.reset();
    int length = head.length;
    if (length == SNIFF_BYTES) {
      while (length > 0 && head[length - 1] != '\n') {
        length--; // a line cut short could look like something else
      }
    }
    return InputFormat.sniff(head, length);
  }

  /** A sample the store cannot take as it is. */
  private static final class SampleProblem extends RuntimeException {

    @java.io.Serial private static final long serialVersionUID = 1L;

    final int line;

    SampleProblem(int line, String problem) {
      super(problem, null, false, false);
      this.line = line;
    }
  }

  /** Collects samples into batches, appends them and counts what became of them. */
  private final class Batch implements SampleVisitor {

    /** The parser reading the input, which knows the line of each sample. */
    TextParser parser;

    private final List<SeriesSample> samples = new ArrayList<>();
    private long read;
    private long accepted;
    private long duplicates;
    private long rejected;

    // The series of the last sample: inputs of history repeat one series line after line.
    private String lastMetric;
    private String[] lastNames = new String[8];
    private String[] lastValues = new String[8];
    private int lastCount = -1;
    private SeriesKey lastKey;

    Batch(TextParser parser) {
      this.parser = parser;
    }

    @Override
    public void sample(
        String metric,
        MetricType type,
        String[] labelNames,
        String[] labelValues,
        int labelCount,
        double value,
        long timestampMillis) {
      if (timestampMillis == SampleVisitor.NO_TIMESTAMP) {
        throw new SampleProblem(
            parser.line(),
            "the sample of "
                + metric
                + " has no timestamp; every imported sample needs one (milliseconds in"
                + " Prometheus text, seconds in OpenMetrics)");
      }
      SeriesKey key = key(metric, labelNames, labelValues, labelCount);
      samples.add(new SeriesSample(key, timestampMillis, value));
      read++;
      if (samples.size() >= batchSize) {
        flush();
      }
    }

    private SeriesKey key(String metric, String[] names, String[] values, int count) {
      if (count == lastCount && metric.equals(lastMetric)) {
        boolean same = true;
        for (int i = 0; i < count && same; i++) {
          same = names[i].equals(lastNames[i]) && values[i].equals(lastValues[i]);
        }
        if (same) {
          return lastKey;
        }
      }
      Labels.Builder labels = Labels.builder(count);
      try {
        for (int i = 0; i < count; i++) {
          labels.put(names[i], values[i]);
        }
        lastKey = new SeriesKey(metric, labels.build());
      } catch (IllegalArgumentException e) {
        throw new SampleProblem(parser.line(), e.getMessage());
      }
      if (lastNames.length < count) {
        lastNames = Arrays.copyOf(lastNames, count);
        lastValues = Arrays.copyOf(lastValues, count);
      }
      System.arraycopy(names, 0, lastNames, 0, count);
      System.arraycopy(values, 0, lastValues, 0, count);
      lastMetric = metric;
      lastCount = count;
      return lastKey;
    }

    void flush() {
      if (samples.isEmpty()) {
        return;
      }
      AppendResult result = store.append(samples);
      accepted += result.accepted();
      duplicates += result.duplicates();
      rejected += result.outOfOrder();
      samples.clear();
    }

    ImportResult result() {
      return new ImportResult(read, accepted, duplicates, rejected);
    }
  }

  /** Counts the bytes read through it. */
  private static final class CountingInputStream extends FilterInputStream {

    private long count;

    CountingInputStream(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        count += n;
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long skipped = super.skip(n);
      count += skipped;
      return skipped;
    }

    long count() {
      return count;
    }
  }
}
