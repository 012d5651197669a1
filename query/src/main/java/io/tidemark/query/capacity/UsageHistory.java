package io.tidemark.query.capacity;

import io.tidemark.query.series.SeriesNames;
import io.tidemark.storage.LabelMatcher;
import io.tidemark.storage.Sample;
import io.tidemark.storage.SeriesKey;
import io.tidemark.storage.TimeSeriesStore;
import io.tidemark.storage.rollup.Bucket;
import io.tidemark.storage.rollup.Rollups;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Usage of CPU or memory per entity of a scope, as 5-minute values read from the store's 5-minute
 * rollups (computed from raw samples for days not rolled up yet).
 *
 * <p>Per series and bucket: CPU is the counter's reset-corrected increase from the previous
 * bucket's last sample (when that bucket is the adjacent one, else from the bucket's first) to the
 * bucket's last sample, divided by the time between them: average cores. Memory is the bucket's
 * average working set, and its peak the bucket's largest sample. An entity's value for a bucket is
 * the sum over its series (containers of a pod, pods of a namespace, ...).
 *
 * <p>The node and cluster scopes read the node's own series ({@code node_cpu_usage_seconds_total},
 * {@code node_memory_working_set_bytes}), which include the system's usage; the others read the
 * containers' series.
 */
final class UsageHistory {

  static final String RESOLUTION = "5m";
  static final long STEP = 300_000L;

  /** One entity's buckets: start -> {value, peak}. */
  record Entity(Map<String, String> labels, TreeMap<Long, double[]> buckets) {}

  private final TimeSeriesStore store;

  UsageHistory(TimeSeriesStore store) {
    this.store = store;
  }

  /** The usage of every entity of {@code scope} matching {@code filters}, in {@code [from, to)}. */
  Map<String, Entity> usage(
      Resource resource, Scope scope, Map<String, String> filters, long from, long to) {
    boolean nodeLevel = scope == Scope.NODE || scope == Scope.CLUSTER;
    String metric = resource.metric(nodeLevel);
    List<LabelMatcher> matchers = new ArrayList<>();
    matchers.add(LabelMatcher.equal(LabelMatcher.METRIC_NAME, metric));
    if (!nodeLevel) {
      matchers.add(LabelMatcher.notEqual(SeriesNames.CONTAINER_LABEL, ""));
      matchers.add(LabelMatcher.notEqual(SeriesNames.POD_LABEL, ""));
    }
    filters.forEach(
        (name, value) -> {
          if (!name.equals("workload")) {
            matchers.add(LabelMatcher.equal(name, value));
          }
        });
    Map<String, Workload> owners = scope == Scope.WORKLOAD ? owners() : Map.of();
    Map<String, Entity> out = new LinkedHashMap<>();
    for (SeriesKey series : store.select(matchers)) {
      Map<String, String> labels = scope.entity(series, owners);
      if (filters.containsKey("workload")
          && !filters.get("workload").equals(labels.get("workload"))) {
        continue;
      }
      Entity entity =
          out.computeIfAbsent(labels.toString(), k -> new Entity(labels, new TreeMap<>()));
      List<Bucket> buckets = store.rollups(series, RESOLUTION, from - STEP, to - 1);
      Bucket previous = null;
      for (Bucket b : buckets) {
        double[] point = resource.point(previous, b);
        previous = b;
        if (point == null || b.start() < from) {
          continue;
        }
        entity.buckets().merge(b.start(), point, (x, y) -> new double[] {x[0] + y[0], x[1] + y[1]});
      }
    }
    out.values().removeIf(e -> e.buckets().isEmpty());
    return out;
  }

  /** The owner of every pod the kubelets reported ({@code kube_pod_owner}), by namespace/pod. */
  Map<String, Workload> owners() {
    Map<String, Workload> out = new HashMap<>();
    for (SeriesKey s :
        store.select(
            List.of(LabelMatcher.equal(LabelMatcher.METRIC_NAME, SeriesNames.KUBE_POD_OWNER)))) {
      out.put(
          s.label(SeriesNames.NAMESPACE_LABEL) + "/" + s.label(SeriesNames.POD_LABEL),
          Workload.of(
              s.label(SeriesNames.POD_LABEL),
              s.label(SeriesNames.OWNER_KIND_LABEL),
              s.label(SeriesNames.OWNER_NAME_LABEL)));
    }
    return out;
  }

  /** The series {@code matchers} select. */
  List<SeriesKey> storeSelect(List<LabelMatcher> matchers) {
    return store.select(matchers);
  }

  /** The newest sample of a series, or {@code null}. */
  Sample newest(SeriesKey series) {
    List<Sample> last = store.lastSamples(series, 1);
    return last.isEmpty() ? null : last.get(0);
  }

  /** What is measured. */
  enum Resource {
    CPU("cores", SeriesNames.RESOURCE_CPU),
    MEMORY("bytes", SeriesNames.RESOURCE_MEMORY);

    final String unit;

    /** The {@link SeriesNames#RESOURCE_LABEL} value of its requests, limits and capacity. */
    final String resource;

    Resource(String unit, String resource) {
      this.unit = unit;
      this.resource = resource;
    }

    String metric(boolean node) {
      return switch (this) {
        case CPU ->
            node
                ? SeriesNames.NODE_CPU_USAGE_SECONDS_TOTAL
                : SeriesNames.CONTAINER_CPU_USAGE_SECONDS_TOTAL;
        case MEMORY ->
            node
                ? SeriesNames.NODE_MEMORY_WORKING_SET_BYTES
                : SeriesNames.CONTAINER_MEMORY_WORKING_SET_BYTES;
      };
    }

    /** {value, peak} of one series' bucket, or null when the bucket says nothing. */
    double[] point(Bucket previous, Bucket b) {
      if (this == MEMORY) {
        double mean = b.sum() / b.count();
        return Double.isNaN(mean) ? null : new double[] {mean, b.max()};
      }
      boolean adjacent = previous != null && previous.start() + STEP == b.start();
      double increase = b.increase();
      long since = b.firstTimestamp();
      if (adjacent) {
        increase += Rollups.counterDelta(previous.last(), b.first());
        since = previous.lastTimestamp();
      }
      long millis = b.lastTimestamp() - since;
      if (millis <= 0 || Double.isNaN(increase)) {
        return null;
      }
      double cores = increase / (millis / 1000.0);
      return new double[] {cores, cores};
    }
  }

  /** How usage is grouped. */
  enum Scope {
    CLUSTER,
    NODE,
    NAMESPACE,
    WORKLOAD,
    POD,
    CONTAINER;

    Map<String, String> entity(SeriesKey s, Map<String, Workload> owners) {
      Map<String, String> out = new LinkedHashMap<>();
      switch (this) {
        case CLUSTER -> {}
        case NODE -> copy(s, SeriesNames.NODE_LABEL, out);
        case NAMESPACE -> copy(s, SeriesNames.NAMESPACE_LABEL, out);
        case WORKLOAD -> {
          copy(s, SeriesNames.NAMESPACE_LABEL, out);
          out.put("workload", workload(s, owners).toString());
        }
        case POD -> {
          copy(s, SeriesNames.NAMESPACE_LABEL, out);
          copy(s, SeriesNames.POD_LABEL, out);
        }
        case CONTAINER -> {
          copy(s, SeriesNames.NAMESPACE_LABEL, out);
          copy(s, SeriesNames.POD_LABEL, out);
          copy(s, SeriesNames.CONTAINER_LABEL, out);
        }
      }
      return out;
    }

    private static void copy(SeriesKey s, String label, Map<String, String> out) {
      out.put(label, s.label(label));
    }

    static Workload workload(SeriesKey s, Map<String, Workload> owners) {
      String pod = s.label(SeriesNames.POD_LABEL);
      Workload known = owners.get(s.label(SeriesNames.NAMESPACE_LABEL) + "/" + pod);
      return known != null ? known : Workload.of(pod, null, null);
    }
  }
}
