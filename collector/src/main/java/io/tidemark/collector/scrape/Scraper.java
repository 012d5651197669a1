package io.tidemark.collector.scrape;

import io.tidemark.collector.kubelet.FetchException;
import io.tidemark.collector.kubelet.KubeletClient;
import io.tidemark.collector.pods.PodListParseException;
import io.tidemark.collector.pods.PodListParser;
import io.tidemark.collector.promtext.MetricType;
import io.tidemark.collector.promtext.PromTextParseException;
import io.tidemark.collector.promtext.SampleVisitor;
import io.tidemark.collector.promtext.TextParser;
import io.tidemark.collector.summary.SummaryParseException;
import io.tidemark.collector.summary.SummaryParser;
import io.tidemark.config.NodeCapacity;
import io.tidemark.config.ScrapeEndpoint;
import io.tidemark.config.TargetSpec;
import io.tidemark.query.series.SeriesNames;
import io.tidemark.storage.Labels;
import io.tidemark.storage.SeriesKey;
import io.tidemark.storage.SeriesSample;
import io.tidemark.storage.StorageException;
import io.tidemark.storage.TimeSeriesStore;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One scrape of one target: fetch each configured endpoint, parse it, and store all the samples
 * together with {@code up}, {@code scrape_duration_seconds} and {@code scrape_samples_scraped} as
 * one write.
 *
 * <p>Rules:
 *
 * <ul>
 *   <li>Every series gets the target's {@code node} label (replacing any the kubelet sent).
 *   <li>A sample without an explicit timestamp gets the scrape's start time.
 *   <li>Prometheus text 0.0.4 is asked for; a kubelet that answers OpenMetrics anyway is read with
 *       the OpenMetrics parser.
 *   <li>{@code /pods} gives info series (labels, owners, requests and limits of the node's pods),
 *       timestamped with the scrape's start.
 *   <li>Endpoints are read in the order resource, summary, probes, pods, cadvisor; a metric name
 *       that an earlier endpoint of the same scrape produced is dropped from the later ones, so one
 *       series holds each quantity (the kubelet's resource endpoint and the summary share the CPU
 *       and memory names, cAdvisor shares many).
 *   <li>From {@code /metrics/cadvisor} only the allow-listed names are kept (histograms and
 *       summaries by their family name).
 *   <li>A payload that fails to fetch or parse stores none of its samples; the other endpoints'
 *       samples are kept. The target is {@code up} only when every endpoint succeeded.
 * </ul>
 *
 * <p>Never throws past {@link #scrape} but for interruption.
 *
 * <p>Thread safety: safe from any thread; parsers are kept per thread so their caches persist.
 */
public final class Scraper {

  private static final List<ScrapeEndpoint> ORDER =
      List.of(
          ScrapeEndpoint.RESOURCE,
          ScrapeEndpoint.SUMMARY,
          ScrapeEndpoint.PROBES,
          ScrapeEndpoint.PODS,
          ScrapeEndpoint.CADVISOR);

  private final KubeletClient client;
  private final TimeSeriesStore store;
  private final Clock clock;
  private final Set<ScrapeEndpoint> endpoints;
  private final Set<String> cadvisorMetrics;
  private final SummaryParser summaryParser = new SummaryParser();
  private final PodListParser podListParser = new PodListParser();
  private final ThreadLocal<Map<TextParser.Format, TextParser>> textParsers =
      ThreadLocal.withInitial(() -> new EnumMap<>(TextParser.Format.class));

  /**
   * A scraper fetching {@code endpoints} with {@code client} into {@code store}, keeping {@code
   * cadvisorMetrics} of {@code /metrics/cadvisor}.
   */
  public Scraper(
      KubeletClient client,
      TimeSeriesStore store,
      Clock clock,
      Set<ScrapeEndpoint> endpoints,
      Collection<String> cadvisorMetrics) {
    this.client = client;
    this.store = store;
    this.clock = clock;
    this.endpoints = endpoints.isEmpty() ? Set.of() : EnumSet.copyOf(endpoints);
    this.cadvisorMetrics = Set.copyOf(cadvisorMetrics);
  }

  /**
   * Scrapes {@code previous.target()} and returns its new status.
   *
   * @throws InterruptedIOException only when the calling thread is interrupted (shutdown)
   */
  public TargetStatus scrape(TargetStatus previous) throws InterruptedIOException {
    TargetSpec target = previous.target();
    Instant start = clock.instant();
    long startMillis = start.toEpochMilli();
    long startNanos = System.nanoTime();
    List<SeriesSample> samples = new ArrayList<>(1024);
    List<String> errors = new ArrayList<>(2);
    long bytes = 0;
    Set<String> claimed = new HashSet<>();
    for (ScrapeEndpoint endpoint : ORDER) {
      if (!endpoints.contains(endpoint)) {
        continue;
      }
      int before = samples.size();
      Set<String> produced = new HashSet<>();
      try {
        KubeletClient.Fetched fetched = client.fetch(target.resolve(endpoint.path()));
        byte[] body = fetched.body();
        bytes += body.length;
        SampleSink json =
            (series, ts, value) -> {
              if (!claimed.contains(series.metric())) {
                produced.add(series.metric());
                samples.add(new SeriesSample(series, ts, value));
              }
            };
        if (endpoint == ScrapeEndpoint.SUMMARY) {
          summaryParser.parse(body, target.node(), json);
        } else if (endpoint == ScrapeEndpoint.PODS) {
          podListParser.parse(body, target.node(), startMillis, json);
        } else {
          boolean allowListed = endpoint == ScrapeEndpoint.CADVISOR;
          SampleVisitor sink =
              promTextSink(target.node(), startMillis, samples, claimed, produced, allowListed);
          textParser(fetched.contentType()).parse(body, sink);
        }
      } catch (FetchException e) {
        errors.add(endpoint.path() + ": " + e.getMessage());
      } catch (SummaryParseException | PromTextParseException | PodListParseException e) {
        errors.add(endpoint.path() + ": " + e.getMessage());
        samples.subList(before, samples.size()).clear();
        produced.clear();
      } catch (RuntimeException e) {
        errors.add(endpoint.path() + ": unexpected failure: " + e);
        samples.subList(before, samples.size()).clear();
        produced.clear();
      }
      claimed.addAll(produced);
    }
    Duration took = Duration.ofNanos(System.nanoTime() - startNanos);
    int scraped = samples.size();
    samples.add(point(SeriesNames.UP, target, startMillis, errors.isEmpty() ? 1 : 0));
    samples.add(
        point(SeriesNames.SCRAPE_DURATION_SECONDS, target, startMillis, took.toNanos() / 1e9));
    samples.add(point(SeriesNames.SCRAPE_SAMPLES_SCRAPED, target, startMillis, scraped));
    addCapacity(target, startMillis, samples);
    try {
      store.append(samples);
    } catch (StorageException e) {
      return previous.failed(start, took, "cannot store the samples: " + e.getMessage(), bytes);
    }
    return errors.isEmpty()
        ? previous.succeeded(start, took, scraped, bytes)
        : previous.failed(start, took, String.join("; ", errors), bytes);
  }

  /** This thread's parser for payloads of {@code contentType}, made on first use. */
  private TextParser textParser(String contentType) {
    return textParsers
        .get()
        .computeIfAbsent(
            TextParser.Format.ofContentType(contentType), TextParser.Format::newParser);
  }

  /** Drops what is kept between scrapes of {@code node}, a target no longer scraped. */
  public void forget(String node) {
    summaryParser.forget(node);
  }

  private SampleVisitor promTextSink(
      String node,
      long scrapeMillis,
      List<SeriesSample> out,
      Set<String> claimed,
      Set<String> produced,
      boolean allowListed) {
    return (metric, type, names, values, count, value, ts) -> {
      if (claimed.contains(metric)) {
        return;
      }
      if (allowListed
          && !cadvisorMetrics.contains(metric)
          && !cadvisorMetrics.contains(familyName(metric, type))) {
        return;
      }
      Labels.Builder labels = Labels.builder(count + 1);
      for (int i = 0; i < count; i++) {
        labels.put(names[i], values[i]);
      }
      labels.put(SeriesNames.NODE_LABEL, node);
      produced.add(metric);
      out.add(
          new SeriesSample(
              new SeriesKey(metric, labels.build()),
              ts == SampleVisitor.NO_TIMESTAMP ? scrapeMillis : ts,
              value));
    };
  }

  /** The family of a histogram's or summary's {@code _bucket}, {@code _sum}, {@code _count}. */
  private static String familyName(String metric, MetricType type) {
    if (type == MetricType.HISTOGRAM
        || type == MetricType.GAUGE_HISTOGRAM
        || type == MetricType.SUMMARY) {
      for (String suffix : new String[] {"_bucket", "_sum", "_count"}) {
        if (metric.endsWith(suffix)) {
          return metric.substring(0, metric.length() - suffix.length());
        }
      }
    }
    return metric;
  }

  /**
   * The node's capacity as its Node object states it, in kube-state-metrics' naming, so capacity
   * trends have a denominator and a laptop snapshot keeps it.
   */
  private static void addCapacity(TargetSpec target, long ts, List<SeriesSample> out) {
    NodeCapacity c = target.capacity();
    if (c == null) {
      return;
    }
    if (!Double.isNaN(c.cpuCores())) {
      out.add(capacity(target, SeriesNames.RESOURCE_CPU, SeriesNames.UNIT_CORE, ts, c.cpuCores()));
    }
    if (!Double.isNaN(c.memoryBytes())) {
      out.add(
          capacity(
              target, SeriesNames.RESOURCE_MEMORY, SeriesNames.UNIT_BYTE, ts, c.memoryBytes()));
    }
  }

  private static SeriesSample capacity(
      TargetSpec target, String resource, String unit, long ts, double value) {
    return new SeriesSample(
        SeriesKey.of(
            SeriesNames.KUBE_NODE_STATUS_CAPACITY,
            SeriesNames.NODE_LABEL,
            target.node(),
            SeriesNames.RESOURCE_LABEL,
            resource,
            SeriesNames.UNIT_LABEL,
            unit),
        ts,
        value);
  }

  private static SeriesSample point(String metric, TargetSpec target, long ts, double value) {
    return new SeriesSample(SeriesKey.of(metric, SeriesNames.NODE_LABEL, target.node()), ts, value);
  }
}
