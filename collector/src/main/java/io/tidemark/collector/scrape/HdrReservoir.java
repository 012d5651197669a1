package io.tidemark.collector.scrape;

import com.codahale.metrics.Reservoir;
import com.codahale.metrics.Snapshot;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * A Dropwizard {@link Reservoir} backed by HdrHistogram: every value since start-up, in constant
 * memory, with three significant digits at any quantile (Dropwizard's default reservoir samples,
 * and loses the tail that latency questions are about).
 *
 * <p>Values are recorded through a {@link Recorder}, so writers never block each other or a reader;
 * a snapshot folds what was recorded since the last one into the running total.
 */
public final class HdrReservoir implements Reservoir {

  private final Recorder recorder;
  private final Histogram total;
  private Histogram interval;

  /** Tracks values from 1 to {@code highestTrackable}, three significant digits. */
  public HdrReservoir(long highestTrackable) {
    this.recorder = new Recorder(highestTrackable, 3);
    this.total = new Histogram(highestTrackable, 3);
  }

  @Override
  public int size() {
    return (int) Math.min(Integer.MAX_VALUE, snapshotHistogram().getTotalCount());
  }

  @Override
  public void update(long value) {
    recorder.recordValue(Math.max(0, Math.min(value, total.getHighestTrackableValue())));
  }

  @Override
  public Snapshot getSnapshot() {
    return new HdrSnapshot(snapshotHistogram());
  }

  private synchronized Histogram snapshotHistogram() {
    interval = recorder.getIntervalHistogram(interval);
    total.add(interval);
    return total.copy();
  }

  private static final class HdrSnapshot extends Snapshot {
    private final Histogram histogram;

    HdrSnapshot(Histogram histogram) {
      this.histogram = histogram;
    }

    @Override
    public double getValue(double quantile) {
      return histogram.getValueAtPercentile(quantile * 100);
    }

    @Override
    public long[] getValues() {
      // The distinct recorded values' representatives, one per count, capped for safety.
      int n = (int) Math.min(histogram.getTotalCount(), 1 << 16);
      long[] values = new long[n];
      int i = 0;
      for (var v : histogram.recordedValues()) {
        for (long c = 0; c < v.getCountAtValueIteratedTo() && i < n; c++) {
          values[i++] = histogram.highestEquivalentValue(v.getValueIteratedTo());
        }
      }
      return values;
    }

    @Override
    public int size() {
      return (int) Math.min(Integer.MAX_VALUE, histogram.getTotalCount());
    }

    @Override
    public long getMax() {
      return histogram.getTotalCount() == 0 ? 0 : histogram.getMaxValue();
    }

    @Override
    public double getMean() {
      return histogram.getTotalCount() == 0 ? 0 : histogram.getMean();
    }

    @Override
    public long getMin() {
      return histogram.getTotalCount() == 0 ? 0 : histogram.getMinValue();
    }

    @Override
    public double getStdDev() {
      return histogram.getTotalCount() == 0 ? 0 : histogram.getStdDeviation();
    }

    @Override
    public void dump(OutputStream output) {
      try (PrintWriter out =
          new PrintWriter(new java.io.OutputStreamWriter(output, StandardCharsets.UTF_8))) {
        for (long value : getValues()) {
          out.println(value);
        }
      }
    }
  }
}
