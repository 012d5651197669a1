package io.tidemark.benchmarks;

import io.tidemark.query.promql.SeriesSource;
import io.tidemark.storage.LabelMatcher;
import io.tidemark.storage.Resolution;
import io.tidemark.storage.SeriesKey;
import io.tidemark.storage.rollup.Bucket;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Passes reads to another source and counts them: raw samples, buckets, and the raw samples the
 * buckets summarise. With {@code tiers} false it hides the rollup tiers, so the engine reads raw
 * samples only. Thread-safe.
 */
final class CountingSeriesSource implements SeriesSource {
  private final SeriesSource delegate;
  private final boolean tiers;
  final AtomicLong rawSamples = new AtomicLong();
  final AtomicLong buckets = new AtomicLong();
  final AtomicLong summarised = new AtomicLong();

  CountingSeriesSource(SeriesSource delegate, boolean tiers) {
    this.delegate = delegate;
    this.tiers = tiers;
  }

  void reset() {
    rawSamples.set(0);
    buckets.set(0);
    summarised.set(0);
  }

  @Override
  public List<SeriesKey> select(List<LabelMatcher> matchers, SelectHints hints) {
    return delegate.select(matchers, hints);
  }

  @Override
  public Samples samples(SeriesKey series, long fromExclusive, long toInclusive) {
    Samples s = delegate.samples(series, fromExclusive, toInclusive);
    rawSamples.addAndGet(s.size());
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
  public List<Bucket> buckets(SeriesKey series, String resolution, long fromMillis, long toMillis) {
    List<Bucket> out = delegate.buckets(series, resolution, fromMillis, toMillis);
    buckets.addAndGet(out.size());
    long n = 0;
    for (Bucket b : out) {
      n += b.count();
    }
    summarised.addAndGet(n);
    return out;
  }
}
