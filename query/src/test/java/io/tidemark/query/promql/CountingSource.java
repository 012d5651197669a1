package io.tidemark.query.promql;

import io.tidemark.storage.LabelMatcher;
import io.tidemark.storage.Resolution;
import io.tidemark.storage.SeriesKey;
import io.tidemark.storage.rollup.Bucket;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A source that passes everything to another and counts what it reads: raw samples, and buckets per
 * tier. {@link #rawOnly} hides the tiers, so the engine reads raw samples only.
 */
final class CountingSource implements SeriesSource {

  private final SeriesSource delegate;
  private final boolean tiers;
  private long rawSamples;
  private final Map<String, Long> buckets = new TreeMap<>();

  private CountingSource(SeriesSource delegate, boolean tiers) {
    this.delegate = delegate;
    this.tiers = tiers;
  }

  /** Counts the reads of {@code delegate}, tiers included. */
  static CountingSource of(SeriesSource delegate) {
    return new CountingSource(delegate, true);
  }

  /** {@code delegate} without its tiers: what the engine answered before it used rollups. */
  static CountingSource rawOnly(SeriesSource delegate) {
    return new CountingSource(delegate, false);
  }

  /** Raw samples read since the last {@link #reset}. */
  synchronized long rawSamples() {
    return rawSamples;
  }

  /** Buckets read per tier name since the last {@link #reset}. */
  synchronized Map<String, Long> buckets() {
    return Map.copyOf(buckets);
  }

  synchronized void reset() {
    rawSamples = 0;
    buckets.clear();
  }

  @Override
  public List<SeriesKey> select(List<LabelMatcher> matchers, SelectHints hints) {
    return delegate.select(matchers, hints);
  }

  @Override
  public synchronized Samples samples(SeriesKey series, long fromExclusive, long toInclusive) {
    Samples s = delegate.samples(series, fromExclusive, toInclusive);
    rawSamples += s.size();
    return s;
  }

  @Override
  public List<Resolution> tiers() {
    return tiers ? delegate.tiers() : List.of();
  }

  @Override
  public long retainedFrom(String resolution) {
    return tiers ? delegate.retainedFrom(resolution) : Long.MIN_VALUE;
  }

  @Override
  public synchronized List<Bucket> buckets(
      SeriesKey series, String resolution, long fromMillis, long toMillis) {
    List<Bucket> out = delegate.buckets(series, resolution, fromMillis, toMillis);
    buckets.merge(resolution, (long) out.size(), Long::sum);
    return out;
  }
}
