package io.tidemark.query.metrics;

import io.tidemark.query.api.NodeMetrics;
import io.tidemark.query.api.ObjectMeta;
import io.tidemark.query.api.Usage;
import io.tidemark.query.format.GoNumbers;
import io.tidemark.query.format.Quantity;
import io.tidemark.query.series.SeriesNames;
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
import java.util.Set;

/**
 * Computes {@code NodeMetrics} from the store with metrics-server's semantics.
 *
 * <p>CPU is the rate of the node's cumulative CPU counter between its last two points, reported
 * with their distance as {@code window} and the newer one's time as {@code timestamp}; memory is
 * the newest working set. A node is left out, rather than reported wrong, when it has fewer than
 * two CPU points, when its counter went backwards, when it has no memory point, or when either of
 * the two points is older than {@code maxAge} (a node that stopped answering is not "using" its
 * last figures).
 *
 * <p>Thread safety: stateless apart from the store; safe from any thread.
 */
public final class NodeMetricsService {

  /** The fields a node's field selector may name; nodes have no namespace, so it reads empty. */
  public static final Set<String> SELECTABLE_FIELDS = FieldSelector.METADATA_FIELDS;

  private final TimeSeriesStore store;
  private final Clock clock;
  private final Duration maxAge;

  /**
   * A service over {@code store}.
   *
   * @param maxAge how old the points of a node may be for the node to be reported
   */
  public NodeMetricsService(TimeSeriesStore store, Clock clock, Duration maxAge) {
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.maxAge = Objects.requireNonNull(maxAge, "maxAge");
  }

  /** Every node with usage to report, sorted by name. */
  public List<NodeMetrics> nodes() {
    return nodes(FieldSelector.EVERYTHING);
  }

  /**
   * The nodes {@code fields} selects (on {@code metadata.name}) with usage to report, sorted by
   * name.
   */
  public List<NodeMetrics> nodes(FieldSelector fields) {
    Instant now = clock.instant();
    Optional<String> only = fields.requiredValue("metadata.name");
    List<SeriesKey> series =
        only.isPresent()
            ? List.of(
                SeriesKey.of(
                    SeriesNames.NODE_CPU_USAGE_SECONDS_TOTAL, SeriesNames.NODE_LABEL, only.get()))
            : store.findSeries(SeriesNames.NODE_CPU_USAGE_SECONDS_TOTAL, Map.of());
    List<NodeMetrics> out = new ArrayList<>();
    for (SeriesKey cpu : series) {
      String node = cpu.label(SeriesNames.NODE_LABEL);
      if (node != null && fields.matches(Map.of("metadata.name", node))) {
        compute(node, cpu, now).ifPresent(out::add);
      }
    }
    out.sort(Comparator.comparing(m -> m.metadata().name()));
    return out;
  }

  /** The usage of one node, when it has usage to report. */
  public Optional<NodeMetrics> node(String name) {
    return compute(
        name,
        SeriesKey.of(SeriesNames.NODE_CPU_USAGE_SECONDS_TOTAL, SeriesNames.NODE_LABEL, name),
        clock.instant());
  }

  private Optional<NodeMetrics> compute(String node, SeriesKey cpuSeries, Instant now) {
    Optional<CounterRate> cpu = CounterRate.lastTwo(store.lastSamples(cpuSeries, 2), now, maxAge);
    if (cpu.isEmpty()) {
      return Optional.empty();
    }
    List<Sample> memory =
        store.lastSamples(
            SeriesKey.of(SeriesNames.NODE_MEMORY_WORKING_SET_BYTES, SeriesNames.NODE_LABEL, node),
            1);
    if (memory.isEmpty() || !(memory.get(0).value() >= 0)) {
      return Optional.empty();
    }
    CounterRate rate = cpu.get();
    long memoryBytes = Math.round(memory.get(0).value());
    return Optional.of(
        new NodeMetrics(
            null,
            null,
            new ObjectMeta(node, null, rfc3339(now), Map.of()),
            rfc3339(rate.timestamp()),
            GoNumbers.duration(rate.window()),
            new Usage(Quantity.decimalNanos(rate.nanoCores()), Quantity.binaryBytes(memoryBytes))));
  }

  /** RFC 3339 at seconds precision, as Kubernetes serialises {@code metav1.Time}. */
  static String rfc3339(Instant instant) {
    return instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
