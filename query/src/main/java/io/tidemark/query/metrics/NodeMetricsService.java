package io.tidemark.query.metrics;

import io.tidemark.query.api.NodeMetrics;
import io.tidemark.query.api.ObjectMeta;
import io.tidemark.query.api.Usage;
import io.tidemark.storage.Sample;
import io.tidemark.storage.SeriesKey;
import io.tidemark.storage.TimeSeriesStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Computes {@code NodeMetrics} from the store with metrics-server's semantics.
 *
 * <p>CPU is the rate of the node's cumulative CPU counter between its last two points, reported
 * with their distance as {@code window} and the newer one's time as {@code timestamp}; memory is
 * the newest working set. A node is left out, rather than reported wrong, when it has fewer than
 * two CPU points, when its counter went backwards, when it has no memory point, or when its newest
 * point is older than {@code maxAge} (a node that stopped answering is not "using" its last
 * figures).
 *
 * <p>Thread safety: stateless apart from the store; safe from any thread.
 */
public final class NodeMetricsService {

  private final TimeSeriesStore store;
  private final Clock clock;
  private final Duration maxAge;

  /**
   * A service over {@code store}.
   *
   * @param maxAge how old the newest point of a node may be for the node to be reported
   */
  public NodeMetricsService(TimeSeriesStore store, Clock clock, Duration maxAge) {
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.maxAge = Objects.requireNonNull(maxAge, "maxAge");
  }

  /** Every node with usage to report, sorted by name. */
  public List<NodeMetrics> nodes() {
    Instant now = clock.instant();
    List<NodeMetrics> out = new ArrayList<>();
    for (SeriesKey cpu : store.findSeries(MetricNames.NODE_CPU, Map.of())) {
      String node = cpu.label(MetricNames.NODE_LABEL);
      if (node != null) {
        compute(node, cpu, now).ifPresent(out::add);
      }
    }
    out.sort(Comparator.comparing(m -> m.metadata().name()));
    return out;
  }

  /** The usage of one node, when it has usage to report. */
  public Optional<NodeMetrics> node(String name) {
    return compute(
        name, SeriesKey.of(MetricNames.NODE_CPU, MetricNames.NODE_LABEL, name), clock.instant());
  }

  private Optional<NodeMetrics> compute(String node, SeriesKey cpuSeries, Instant now) {
    List<Sample> cpu = store.lastSamples(cpuSeries, 2);
    if (cpu.size() < 2) {
      return Optional.empty();
    }
    Sample previous = cpu.get(0);
    Sample last = cpu.get(1);
    long windowMillis = last.timestampMillis() - previous.timestampMillis();
    double used = last.value() - previous.value();
    if (windowMillis <= 0 || !(used >= 0) || Double.isInfinite(used)) {
      return Optional.empty();
    }
    Instant timestamp = Instant.ofEpochMilli(last.timestampMillis());
    if (Duration.between(timestamp, now).compareTo(maxAge) > 0) {
      return Optional.empty();
    }
    List<Sample> memory =
        store.lastSamples(SeriesKey.of(MetricNames.NODE_MEMORY, MetricNames.NODE_LABEL, node), 1);
    if (memory.isEmpty() || !(memory.get(0).value() >= 0)) {
      return Optional.empty();
    }
    long nanoCores = Math.round(used / windowMillis * 1e12);
    long memoryBytes = Math.round(memory.get(0).value());
    return Optional.of(
        new NodeMetrics(
            null,
            null,
            new ObjectMeta(node, null, rfc3339(now), Map.of()),
            rfc3339(timestamp),
            GoDurations.format(Duration.ofMillis(windowMillis)),
            new Usage(Quantities.decimalNanos(nanoCores), Quantities.binaryBytes(memoryBytes))));
  }

  /** RFC 3339 at seconds precision, as Kubernetes serialises {@code metav1.Time}. */
  static String rfc3339(Instant instant) {
    return instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
