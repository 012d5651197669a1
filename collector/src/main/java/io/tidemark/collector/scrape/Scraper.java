package io.tidemark.collector.scrape;

import io.tidemark.collector.kubelet.FetchException;
import io.tidemark.collector.kubelet.KubeletClient;
import io.tidemark.collector.summary.SummaryParseException;
import io.tidemark.collector.summary.SummaryParser;
import io.tidemark.config.ScrapeEndpoint;
import io.tidemark.config.TargetSpec;
import io.tidemark.storage.SeriesKey;
import io.tidemark.storage.SeriesSample;
import io.tidemark.storage.StorageException;
import io.tidemark.storage.TimeSeriesStore;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One scrape of one target: fetch {@code /stats/summary}, parse it, and store its samples together
 * with {@code up}, {@code scrape_duration_seconds} and {@code scrape_samples_scraped} as one write.
 *
 * <p>Never throws past {@link #scrape}: every failure becomes a {@code DOWN} status with the
 * reason, and {@code up 0} in the store. A payload that fails to parse stores none of its samples.
 *
 * <p>Thread safety: safe from any thread; the scheduler never runs two scrapes of one target at
 * once.
 */
public final class Scraper {

  private final KubeletClient client;
  private final SummaryParser summaryParser = new SummaryParser();
  private final TimeSeriesStore store;
  private final Clock clock;

  /** A scraper fetching with {@code client} into {@code store}. */
  public Scraper(KubeletClient client, TimeSeriesStore store, Clock clock) {
    this.client = client;
    this.store = store;
    this.clock = clock;
  }

  /**
   * Scrapes {@code previous.target()} and returns its new status.
   *
   * @throws InterruptedIOException only when the calling thread is interrupted (shutdown)
   */
  public TargetStatus scrape(TargetStatus previous) throws InterruptedIOException {
    TargetSpec target = previous.target();
    Instant start = clock.instant();
    long startNanos = System.nanoTime();
    List<SeriesSample> samples = new ArrayList<>(512);
    String error = null;
    long bytes = 0;
    try {
      byte[] body = client.get(target.resolve(ScrapeEndpoint.SUMMARY.path()));
      bytes = body.length;
      summaryParser.parse(
          body,
          target.node(),
          (series, ts, value) -> samples.add(new SeriesSample(series, ts, value)));
    } catch (FetchException e) {
      error = e.getMessage();
    } catch (SummaryParseException e) {
      error = e.getMessage();
      samples.clear();
    } catch (RuntimeException e) {
      error = "unexpected failure: " + e;
      samples.clear();
    }
    Duration took = Duration.ofNanos(System.nanoTime() - startNanos);
    int scraped = samples.size();
    long ts = start.toEpochMilli();
    samples.add(point("up", target, ts, error == null ? 1 : 0));
    samples.add(point("scrape_duration_seconds", target, ts, took.toNanos() / 1e9));
    samples.add(point("scrape_samples_scraped", target, ts, scraped));
    try {
      store.append(samples);
    } catch (StorageException e) {
      return previous.failed(start, took, "cannot store the samples: " + e.getMessage(), bytes);
    }
    return error == null
        ? previous.succeeded(start, took, scraped, bytes)
        : previous.failed(start, took, error, bytes);
  }

  private static SeriesSample point(String metric, TargetSpec target, long ts, double value) {
    return new SeriesSample(SeriesKey.of(metric, "node", target.node()), ts, value);
  }
}
