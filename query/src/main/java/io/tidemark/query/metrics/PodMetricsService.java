package io.tidemark.query.metrics;

import io.tidemark.query.api.ContainerMetrics;
import io.tidemark.query.api.ObjectMeta;
import io.tidemark.query.api.PodMetrics;
import io.tidemark.query.api.Usage;
import io.tidemark.query.format.GoNumbers;
import io.tidemark.query.format.Quantity;
import io.tidemark.query.series.SeriesNames;
import io.tidemark.storage.LabelMatcher;
import io.tidemark.storage.Sample;
import io.tidemark.storage.SeriesKey;
import io.tidemark.storage.TimeSeriesStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Computes {@code PodMetrics} from the store with metrics-server's semantics.
 *
 * <p>Per container, CPU is the rate of {@code container_cpu_usage_seconds_total} between its last
 * two points and memory the newest {@code container_memory_working_set_bytes}, read from the series
 * labelled {@code namespace}, {@code pod}, {@code container} (and {@code node}). A container is
 * left out, rather than reported wrong, when it has fewer than two CPU points, when its counter
 * went backwards (a restart), when it has no memory point, or when any of those points is older
 * than {@code maxAge} (a container that stopped, or a node that stopped answering). A pod is
 * reported when at least one of its containers is, and a pod with none is left out entirely.
 *
 * <p>A pod's {@code timestamp} and {@code window} are those of its container with the earliest
 * timestamp, as metrics-server reports them. Its {@code metadata.labels} are those the kubelet's
 * {@code /pods} last reported ({@link PodLabels}), empty when that endpoint never listed the pod.
 *
 * <p>A list's {@link LabelSelector} is evaluated against those labels. A pod whose labels are not
 * known is selected by no selector but the empty one: metrics-server, too, only answers for pods
 * its pod informer knows with matching labels.
 *
 * <p>Difference from metrics-server, which keeps only the last two scrapes: metrics-server leaves a
 * whole pod out until every one of its containers has two points; here a container seen once is
 * left out and its pod reported with the others.
 *
 * <p>Thread safety: stateless apart from the store; safe from any thread.
 */
public final class PodMetricsService {

  /** The fields a pod's field selector may name. */
  public static final Set<String> SELECTABLE_FIELDS = FieldSelector.METADATA_FIELDS;

  private final TimeSeriesStore store;
  private final Clock clock;
  private final Duration maxAge;
  private final PodLabels podLabels;

  /**
   * A service over {@code store}.
   *
   * @param maxAge how old the points of a container may be for the container to be reported
   */
  public PodMetricsService(TimeSeriesStore store, Clock clock, Duration maxAge) {
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.maxAge = Objects.requireNonNull(maxAge, "maxAge");
    this.podLabels = new PodLabels(store);
  }

  /**
   * The pods of {@code namespace} (every namespace when {@code null}) that {@code fields} selects
   * (on {@code metadata.name} and {@code metadata.namespace}) with usage to report, sorted by
   * namespace, then name.
   */
  public List<PodMetrics> pods(String namespace, FieldSelector fields) {
    return pods(namespace, fields, LabelSelector.EVERYTHING);
  }

  /**
   * The pods of {@code namespace} (every namespace when {@code null}) that {@code fields} selects
   * (on {@code metadata.name} and {@code metadata.namespace}) and {@code labels} selects (on their
   * newest labels) with usage to report, sorted by namespace, then name.
   */
  public List<PodMetrics> pods(String namespace, FieldSelector fields, LabelSelector labels) {
    List<LabelMatcher> matchers = new ArrayList<>();
    matchers.add(
        LabelMatcher.equal(
            LabelMatcher.METRIC_NAME, SeriesNames.CONTAINER_CPU_USAGE_SECONDS_TOTAL));
    matchers.add(LabelMatcher.notEqual(SeriesNames.NAMESPACE_LABEL, ""));
    matchers.add(LabelMatcher.notEqual(SeriesNames.POD_LABEL, ""));
    matchers.add(LabelMatcher.notEqual(SeriesNames.CONTAINER_LABEL, ""));
    if (namespace != null) {
      matchers.add(LabelMatcher.equal(SeriesNames.NAMESPACE_LABEL, namespace));
    }
    // Narrow the index lookup with the selector's equalities; the whole selector is applied below.
    fields
        .requiredValue("metadata.namespace")
        .ifPresent(ns -> matchers.add(LabelMatcher.equal(SeriesNames.NAMESPACE_LABEL, ns)));
    fields
        .requiredValue("metadata.name")
        .ifPresent(pod -> matchers.add(LabelMatcher.equal(SeriesNames.POD_LABEL, pod)));

    Map<PodRef, List<SeriesKey>> byPod = new HashMap<>();
    for (SeriesKey series : store.select(matchers)) {
      PodRef ref =
          new PodRef(
              series.label(SeriesNames.NAMESPACE_LABEL), series.label(SeriesNames.POD_LABEL));
      if (fields.matches(
          Map.of("metadata.name", ref.name(), "metadata.namespace", ref.namespace()))) {
        byPod.computeIfAbsent(ref, r -> new ArrayList<>()).add(series);
      }
    }
    if (!labels.isEverything()) {
      narrow(byPod, namespace, labels);
    }
    Instant now = clock.instant();
    List<PodMetrics> out = new ArrayList<>();
    for (Map.Entry<PodRef, List<SeriesKey>> pod : byPod.entrySet()) {
      // Usage first: it leaves out the pods of the past, so only current pods' labels are read.
      Optional<PodMetrics> usage = compute(pod.getKey(), pod.getValue(), now);
      if (usage.isEmpty()) {
        continue;
      }
      PodRef ref = pod.getKey();
      Optional<Map<String, String>> known = podLabels.newest(ref.namespace(), ref.name());
      if (!labels.isEverything() && (known.isEmpty() || !labels.matches(known.get()))) {
        continue;
      }
      out.add(withLabels(usage.get(), known.orElse(Map.of())));
    }
    out.sort(
        Comparator.comparing((PodMetrics m) -> m.metadata().namespace())
            .thenComparing(m -> m.metadata().name()));
    return out;
  }

  /** The usage of one pod, when it has usage to report. */
  public Optional<PodMetrics> pod(String namespace, String name) {
    List<SeriesKey> series =
        store.select(
            List.of(
                LabelMatcher.equal(
                    LabelMatcher.METRIC_NAME, SeriesNames.CONTAINER_CPU_USAGE_SECONDS_TOTAL),
                LabelMatcher.equal(SeriesNames.NAMESPACE_LABEL, namespace),
                LabelMatcher.equal(SeriesNames.POD_LABEL, name),
                LabelMatcher.notEqual(SeriesNames.CONTAINER_LABEL, "")));
    return compute(new PodRef(namespace, name), series, clock.instant())
        .map(usage -> withLabels(usage, podLabels.newest(namespace, name).orElse(Map.of())));
  }

  private static PodMetrics withLabels(PodMetrics usage, Map<String, String> labels) {
    ObjectMeta meta = usage.metadata();
    return new PodMetrics(
        usage.kind(),
        usage.apiVersion(),
        new ObjectMeta(meta.name(), meta.namespace(), meta.creationTimestamp(), labels),
        usage.timestamp(),
        usage.window(),
        usage.containers());
  }

  /**
   * Keeps only the pods that were ever listed with a value the selector's first {@code =} or {@code
   * in} requirement names, looked up in the index: the HPA's {@code app=web} then costs the pods of
   * {@code web}, not of the namespace. The whole selector is evaluated afterwards.
   */
  private void narrow(Map<PodRef, List<SeriesKey>> byPod, String namespace, LabelSelector labels) {
    for (LabelSelector.Requirement requirement : labels.requirements()) {
      Optional<List<String>> values = requirement.requiredValues();
      if (values.isPresent()) {
        Set<String> candidates = podLabels.everLabelled(namespace, requirement.key(), values.get());
        byPod.keySet().removeIf(ref -> !candidates.contains(ref.namespace() + "/" + ref.name()));
        return;
      }
    }
  }

  /** The pod's usage, its {@code metadata.labels} left empty. */
  private Optional<PodMetrics> compute(PodRef pod, List<SeriesKey> cpuSeries, Instant now) {
    // One entry per container name: a pod that moved nodes (a StatefulSet's pod rescheduled)
    // may have a series per node; the freshest one is the pod's current container.
    Map<String, Measured> containers = new TreeMap<>();
    for (SeriesKey cpu : cpuSeries) {
      String container = cpu.label(SeriesNames.CONTAINER_LABEL);
      measure(cpu, now)
          .ifPresent(
              m ->
                  containers.merge(
                      container,
                      m,
                      (a, b) -> a.rate().timestamp().isAfter(b.rate().timestamp()) ? a : b));
    }
    if (containers.isEmpty()) {
      return Optional.empty();
    }
    List<ContainerMetrics> items = new ArrayList<>(containers.size());
    CounterRate earliest = null;
    for (Map.Entry<String, Measured> container : containers.entrySet()) {
      Measured m = container.getValue();
      items.add(
          new ContainerMetrics(
              container.getKey(),
              new Usage(
                  Quantity.decimalNanos(m.rate().nanoCores()),
                  Quantity.binaryBytes(m.memoryBytes()))));
      if (earliest == null || m.rate().timestamp().isBefore(earliest.timestamp())) {
        earliest = m.rate();
      }
    }
    return Optional.of(
        new PodMetrics(
            null,
            null,
            new ObjectMeta(pod.name(), pod.namespace(), NodeMetricsService.rfc3339(now), Map.of()),
            NodeMetricsService.rfc3339(earliest.timestamp()),
            GoNumbers.duration(earliest.window()),
            items));
  }

  private Optional<Measured> measure(SeriesKey cpuSeries, Instant now) {
    Optional<CounterRate> rate = CounterRate.lastTwo(store.lastSamples(cpuSeries, 2), now, maxAge);
    if (rate.isEmpty()) {
      return Optional.empty();
    }
    List<Sample> memory =
        store.lastSamples(
            new SeriesKey(SeriesNames.CONTAINER_MEMORY_WORKING_SET_BYTES, cpuSeries.labels()), 1);
    if (memory.isEmpty() || !(memory.get(0).value() >= 0)) {
      return Optional.empty();
    }
    Instant memoryTime = Instant.ofEpochMilli(memory.get(0).timestampMillis());
    if (Duration.between(memoryTime, now).compareTo(maxAge) > 0) {
      return Optional.empty();
    }
    return Optional.of(new Measured(rate.get(), Math.round(memory.get(0).value())));
  }

  private record PodRef(String namespace, String name) {}

  private record Measured(CounterRate rate, long memoryBytes) {}
}
