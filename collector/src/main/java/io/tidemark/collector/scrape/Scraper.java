package io.tidemark.collector.scrape;

import com.carrotsearch.hppc.LongArrayList;
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
import io.tidemark.storage.SampleBatch;
import io.tidemark.storage.SeriesKey;
import io.tidemark.storage.SeriesRef;
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
import java.util.concurrent.ConcurrentHashMap;

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
  private final Map<String, SeriesCache> caches = new ConcurrentHashMap<>();

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
    SeriesCache cache = caches.computeIfAbsent(target.node(), node -> new SeriesCache());
    cache.startScrape();
    Batch samples = new Batch(cache);
    List<String> errors = new ArrayList<>(2);
    long bytes = 0;
    Set<String> claimed = new HashSet<>();
    for (ScrapeEndpoint endpoint : ORDER) {
      if (!endpoints.contains(endpoint)) {
        continue;
      }
      int before = samples.size();
      int missesBefore = samples.misses();
      Set<String> produced = new HashSet<>();
      try {
        KubeletClient.Fetched fetched = client.fetch(target.resolve(endpoint.path()));
        byte[] body = fetched.body();
        bytes += body.length;
        SampleSink json =
            (series, ts, value) -> {
              if (!claimed.contains(series.metric())) {
                produced.add(series.metric());
                samples.add(series, ts, value);
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
        samples.truncate(before, missesBefore);
        produced.clear();
      } catch (RuntimeException e) {
        errors.add(endpoint.path() + ": unexpected failure: " + e);
        samples.truncate(before, missesBefore);
        produced.clear();
      }
      claimed.addAll(produced);
    }
    Duration took = Duration.ofNanos(System.nanoTime() - startNanos);
    int scraped = samples.size();
    // Five series a scrape, built afresh: added by key, not cached.
    SampleBatch all = samples.batch;
    all.add(point(SeriesNames.UP, target), startMillis, errors.isEmpty() ? 1 : 0);
    all.add(point(SeriesNames.SCRAPE_DURATION_SECONDS, target), startMillis, took.toNanos() / 1e9);
    all.add(point(SeriesNames.SCRAPE_SAMPLES_SCRAPED, target), startMillis, scraped);
    addCapacity(target, startMillis, all);
    try {
      store.append(all);
    } catch (StorageException e) {
      return previous.failed(start, took, "cannot store the samples: " + e.getMessage(), bytes);
    }
    samples.keepResolved();
    cache.endScrape();
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
    caches.remove(node);
  }

  private SampleVisitor promTextSink(
      String node,
      long scrapeMillis,
      Batch out,
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
      produced.add(metric);
      long timestamp = ts == SampleVisitor.NO_TIMESTAMP ? scrapeMillis : ts;
      // The parser hands out cached strings, whose hash codes are cached too: no byte is hashed.
      long hash = SeriesCache.mix(0x7E57L, metric.hashCode());
      for (int i = 0; i < count; i++) {
        hash = SeriesCache.mix(SeriesCache.mix(hash, names[i].hashCode()), values[i].hashCode());
      }
      SeriesRef known = out.cache.find(hash);
      if (known != null && sameSeries(known.key(), metric, names, values, count)) {
        out.cache.kept(hash);
        out.batch.add(known, timestamp, value);
        return;
      }
      Labels.Builder labels = Labels.builder(count + 1);
      for (int i = 0; i < count; i++) {
        labels.put(names[i], values[i]);
      }
      labels.put(SeriesNames.NODE_LABEL, node);
      out.addMiss(hash, new SeriesKey(metric, labels.build()), timestamp, value);
    };
  }

  /**
   * Whether {@code key} is the series of a payload sample: its metric and labels, plus the node
   * label the scraper adds (a payload with its own {@code node} label never matches, and takes the
   * slow path every time, which is correct).
   */
  private static boolean sameSeries(
      SeriesKey key, String metric, String[] names, String[] values, int count) {
    Map<String, String> labels = key.labels();
    if (!key.metric().equals(metric) || labels.size() != count + 1) {
      return false;
    }
    for (int i = 0; i < count; i++) {
      if (!values[i].equals(labels.get(names[i]))) {
        return false;
      }
    }
    return true;
  }

  /**
   * A scrape's samples and its node's cache: samples of known series go in by handle; the others by
   * key, remembered with their hash so that their handles are kept once the store gave them.
   */
  private static final class Batch {
    final SampleBatch batch = new SampleBatch(1024);
    final SeriesCache cache;
    // Pairs of (hash, index in batch) of the samples added by key.
    private final LongArrayList misses = new LongArrayList();

    Batch(SeriesCache cache) {
      this.cache = cache;
    }

    int size() {
      return batch.size();
    }

    int misses() {
      return misses.size();
    }

    /** A sample whose key the parser keeps the same instance of between scrapes (Summary, pods). */
    void add(SeriesKey key, long ts, double value) {
      long hash = SeriesCache.mix(0x5EEDL, System.identityHashCode(key));
      SeriesRef known = cache.find(hash);
      if (known != null && known.key().equals(key)) {
        cache.kept(hash);
        batch.add(known, ts, value);
      } else {
        addMiss(hash, key, ts, value);
      }
    }

    void addMiss(long hash, SeriesKey key, long ts, double value) {
      misses.add(hash);
      misses.add(batch.size());
      batch.add(key, ts, value);
    }

    void truncate(int size, int missCount) {
      batch.truncate(size);
      misses.elementsCount = missCount;
    }

    /** After the append: keeps the handles the store gave to the samples added by key. */
    void keepResolved() {
      long[] m = misses.buffer;
      for (int i = 0; i < misses.size(); i += 2) {
        SeriesRef ref = batch.ref((int) m[i + 1]);
        if (ref != null) {
          cache.keep(m[i], ref);
        }
      }
    }
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
  private static void addCapacity(TargetSpec target, long ts, SampleBatch out) {
    NodeCapacity c = target.capacity();
    if (c == null) {
      return;
    }
    if (!Double.isNaN(c.cpuCores())) {
      out.add(capacity(target, SeriesNames.RESOURCE_CPU, SeriesNames.UNIT_CORE), ts, c.cpuCores());
    }
    if (!Double.isNaN(c.memoryBytes())) {
      out.add(
          capacity(target, SeriesNames.RESOURCE_MEMORY, SeriesNames.UNIT_BYTE),
          ts,
          c.memoryBytes());
    }
  }

  private static SeriesKey capacity(TargetSpec target, String resource, String unit) {
    return SeriesKey.of(
        SeriesNames.KUBE_NODE_STATUS_CAPACITY,
        SeriesNames.NODE_LABEL,
        target.node(),
        SeriesNames.RESOURCE_LABEL,
        resource,
        SeriesNames.UNIT_LABEL,
        unit);
  }

  private static SeriesKey point(String metric, TargetSpec target) {
    return SeriesKey.of(metric, SeriesNames.NODE_LABEL, target.node());
  }
}
