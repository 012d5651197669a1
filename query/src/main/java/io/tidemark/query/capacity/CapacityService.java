package io.tidemark.query.capacity;

import io.tidemark.query.capacity.UsageHistory.Entity;
import io.tidemark.query.capacity.UsageHistory.Resource;
import io.tidemark.query.capacity.UsageHistory.Scope;
import io.tidemark.query.series.SeriesNames;
import io.tidemark.storage.LabelMatcher;
import io.tidemark.storage.Sample;
import io.tidemark.storage.SeriesKey;
import io.tidemark.storage.TimeSeriesStore;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.DoubleHistogram;

/**
 * Trends and right-sizing from the stored history (see {@link UsageHistory} for how 5-minute values
 * are formed).
 *
 * <p>Recommendations, in the spirit of the VPA recommender and krr's simple strategy, per workload
 * and container name over {@code window} (14 days by default): CPU request = the 95th percentile of
 * the 5-minute average cores, at least {@link #CPU_FLOOR_CORES}; no CPU limit (throttling a
 * container below its burst costs more than it saves); memory request = memory limit = the peak
 * plus 15 %, at least {@link #MEMORY_FLOOR_BYTES}.
 */
public final class CapacityService {

  /** The smallest CPU request recommended: 10m. */
  public static final double CPU_FLOOR_CORES = 0.010;

  /** The smallest memory recommended: 16 MiB. */
  public static final double MEMORY_FLOOR_BYTES = 16 * 1024 * 1024;

  /** How much older than the newest node's capacity figure another node's may be and count. */
  static final Duration CAPACITY_FRESHNESS = Duration.ofMinutes(10);

  /** Headroom on the memory peak. */
  public static final double MEMORY_HEADROOM = 1.15;

  private final UsageHistory history;
  private final Clock clock;

  /** A service over {@code store}, measuring windows back from {@code clock}. */
  public CapacityService(TimeSeriesStore store, Clock clock) {
    this.history = new UsageHistory(store);
    this.clock = clock;
  }

  /**
   * The trend of every entity of a scope.
   *
   * @param resource {@code cpu} or {@code memory}
   * @param scope {@code cluster}, {@code node}, {@code namespace}, {@code workload}, {@code pod} or
   *     {@code container}
   * @param filters label equalities narrowing the series ({@code namespace}, {@code node}, {@code
   *     pod}, {@code container}, {@code workload} like {@code Deployment/web})
   * @throws IllegalArgumentException naming a bad resource or scope
   */
  public List<Trend> trends(
      String resource, String scope, Duration window, Map<String, String> filters) {
    Resource r = parse(Resource.class, "resource", resource);
    Scope s = parse(Scope.class, "scope", scope);
    long to = Math.floorDiv(clock.millis(), UsageHistory.STEP) * UsageHistory.STEP;
    long from = to - window.toMillis();
    List<Trend> out = new ArrayList<>();
    for (Entity e : history.usage(r, s, filters, from, to).values()) {
      Double capacity = s == Scope.NODE || s == Scope.CLUSTER ? capacity(r, e.labels()) : null;
      out.add(trend(e, capacity));
    }
    return out;
  }

  private Trend trend(Entity e, Double capacity) {
    DoubleHistogram histogram = new DoubleHistogram(3);
    double max = Double.NEGATIVE_INFINITY;
    double peak = Double.NEGATIVE_INFINITY;
    TreeMap<LocalDate, Double> daily = new TreeMap<>();
    for (Map.Entry<Long, double[]> b : e.buckets().entrySet()) {
      double value = b.getValue()[0];
      histogram.recordValue(Math.max(value, 0));
      max = Math.max(max, value);
      peak = Math.max(peak, b.getValue()[1]);
      LocalDate day =
          LocalDate.ofInstant(java.time.Instant.ofEpochMilli(b.getKey()), ZoneOffset.UTC);
      daily.merge(day, b.getValue()[1], Math::max);
    }
    List<Trend.DailyPeak> peaks = new ArrayList<>();
    daily.forEach((day, v) -> peaks.add(new Trend.DailyPeak(day.toString(), v)));
    LocalDate origin = daily.firstKey();
    double[] fit = fit(daily, origin);
    String reached = null;
    if (capacity != null && fit[0] > 0 && !Double.isNaN(fit[0])) {
      double days = (capacity - fit[1]) / fit[0];
      reached = days < 0 ? origin.toString() : origin.plusDays((long) Math.ceil(days)).toString();
    }
    return new Trend(
        e.labels(),
        e.buckets().size(),
        histogram.getValueAtPercentile(50),
        histogram.getValueAtPercentile(90),
        histogram.getValueAtPercentile(95),
        histogram.getValueAtPercentile(99),
        max,
        peak,
        peaks,
        new Trend.Line(origin.toString(), fit[0], fit[1]),
        capacity,
        reached);
  }

  /** {slope, intercept} of the least-squares line through the daily values; slope 0 for one day. */
  static double[] fit(TreeMap<LocalDate, Double> daily, LocalDate origin) {
    int n = daily.size();
    double sx = 0;
    double sy = 0;
    double sxx = 0;
    double sxy = 0;
    for (Map.Entry<LocalDate, Double> d : daily.entrySet()) {
      double x = d.getKey().toEpochDay() - origin.toEpochDay();
      double y = d.getValue();
      sx += x;
      sy += y;
      sxx += x * x;
      sxy += x * y;
    }
    double denominator = n * sxx - sx * sx;
    if (n < 2 || denominator == 0) {
      return new double[] {0, sy / n};
    }
    double slope = (n * sxy - sx * sy) / denominator;
    return new double[] {slope, (sy - slope * sx) / n};
  }

  /**
   * The capacity of a node, or of the cluster (the sum over its nodes), from the first source that
   * knows it, per node: the Node object's {@code status.capacity} (stored as {@code
   * kube_node_status_capacity} when discovery is on), cAdvisor's {@code machine_cpu_cores} or
   * {@code machine_memory_bytes} (when {@code /metrics/cadvisor} is scraped), and for memory the
   * kubelet's available plus working set. Nodes whose newest figure is more than {@link
   * #CAPACITY_FRESHNESS} older than the newest node's have left and do not count. {@code null} when
   * no source knows.
   */
  private Double capacity(Resource r, Map<String, String> entity) {
    String node = entity.get(SeriesNames.NODE_LABEL);
    Map<String, Sample> perNode = new TreeMap<>(); // the newest figure per node
    collect(
        List.of(
            LabelMatcher.equal(LabelMatcher.METRIC_NAME, SeriesNames.KUBE_NODE_STATUS_CAPACITY),
            LabelMatcher.equal(SeriesNames.RESOURCE_LABEL, r.resource)),
        node,
        perNode);
    collect(
        List.of(
            LabelMatcher.equal(
                LabelMatcher.METRIC_NAME,
                r == Resource.CPU
                    ? SeriesNames.MACHINE_CPU_CORES
                    : SeriesNames.MACHINE_MEMORY_BYTES)),
        node,
        perNode);
    if (r == Resource.MEMORY) {
      List<LabelMatcher> m =
          List.of(
              LabelMatcher.equal(
                  LabelMatcher.METRIC_NAME, SeriesNames.NODE_MEMORY_AVAILABLE_BYTES));
      for (SeriesKey available : history.storeSelect(withNode(m, node))) {
        String n = available.label(SeriesNames.NODE_LABEL);
        Sample a = history.newest(available);
        Sample w =
            history.newest(
                new SeriesKey(SeriesNames.NODE_MEMORY_WORKING_SET_BYTES, available.labels()));
        if (n != null && !perNode.containsKey(n) && a != null && w != null) {
          perNode.put(n, new Sample(a.timestampMillis(), a.value() + w.value()));
        }
      }
    }
    long newest =
        perNode.values().stream().mapToLong(Sample::timestampMillis).max().orElse(Long.MIN_VALUE);
    double total = 0;
    boolean any = false;
    for (Sample figure : perNode.values()) {
      if (figure.timestampMillis() >= newest - CAPACITY_FRESHNESS.toMillis()) {
        total += figure.value();
        any = true;
      }
    }
    return any ? total : null;
  }

  /** Adds the newest value of each node's series matching {@code m}, for nodes not known yet. */
  private void collect(List<LabelMatcher> m, String node, Map<String, Sample> perNode) {
    Map<String, Sample> found = new TreeMap<>();
    for (SeriesKey key : history.storeSelect(withNode(m, node))) {
      String n = key.label(SeriesNames.NODE_LABEL);
      Sample last = history.newest(key);
      if (n != null && !perNode.containsKey(n) && last != null) {
        // a node with several such series (a reboot changes cAdvisor's boot_id): the newest wins
        found.merge(n, last, (x, y) -> x.timestampMillis() >= y.timestampMillis() ? x : y);
      }
    }
    perNode.putAll(found);
  }

  private static List<LabelMatcher> withNode(List<LabelMatcher> m, String node) {
    if (node == null) {
      return m;
    }
    List<LabelMatcher> out = new ArrayList<>(m);
    out.add(LabelMatcher.equal(SeriesNames.NODE_LABEL, node));
    return out;
  }

  /** Right-sizing per workload and container. */
  public List<Recommendation> recommendations(Duration window, Map<String, String> filters) {
    long to = Math.floorDiv(clock.millis(), UsageHistory.STEP) * UsageHistory.STEP;
    long from = to - window.toMillis();
    Map<String, Entity> cpu = history.usage(Resource.CPU, Scope.CONTAINER, filters, from, to);
    Map<String, Entity> memory = history.usage(Resource.MEMORY, Scope.CONTAINER, filters, from, to);
    Map<String, Workload> owners = history.owners();
    // workload + container -> the pods' containers
    TreeMap<String, List<Entity[]>> groups = new TreeMap<>();
    for (Map.Entry<String, Entity> c : cpu.entrySet()) {
      Map<String, String> l = c.getValue().labels();
      String namespace = l.get(SeriesNames.NAMESPACE_LABEL);
      String pod = l.get(SeriesNames.POD_LABEL);
      Workload w = owners.getOrDefault(namespace + "/" + pod, Workload.of(pod, null, null));
      String key = namespace + "\u0000" + w + "\u0000" + l.get(SeriesNames.CONTAINER_LABEL);
      groups
          .computeIfAbsent(key, k -> new ArrayList<>())
          .add(new Entity[] {c.getValue(), memory.get(c.getKey())});
    }
    List<Recommendation> out = new ArrayList<>();
    for (Map.Entry<String, List<Entity[]>> g : groups.entrySet()) {
      String[] parts = g.getKey().split("\u0000");
      if (filters.containsKey("workload") && !filters.get("workload").equals(parts[1])) {
        continue;
      }
      out.add(recommend(parts[0], parts[1], parts[2], g.getValue()));
    }
    return out;
  }

  private Recommendation recommend(
      String namespace, String workload, String container, List<Entity[]> members) {
    DoubleHistogram cores = new DoubleHistogram(3);
    double memoryPeak = 0;
    List<String> pods = new ArrayList<>();
    SeriesKey newest = null;
    for (Entity[] m : members) {
      pods.add(m[0].labels().get(SeriesNames.POD_LABEL));
      m[0].buckets().values().forEach(v -> cores.recordValue(Math.max(v[0], 0)));
      if (m[1] != null) {
        for (double[] v : m[1].buckets().values()) {
          memoryPeak = Math.max(memoryPeak, v[1]);
        }
      }
      newest =
          SeriesKey.of(
              SeriesNames.KUBE_POD_CONTAINER_RESOURCE_REQUESTS,
              SeriesNames.NAMESPACE_LABEL,
              namespace,
              SeriesNames.POD_LABEL,
              m[0].labels().get(SeriesNames.POD_LABEL),
              SeriesNames.CONTAINER_LABEL,
              container);
    }
    double cpuP95 = cores.getValueAtPercentile(95);
    return new Recommendation(
        namespace,
        workload,
        container,
        pods,
        cores.getTotalCount(),
        new Recommendation.Cpu(
            current(newest, SeriesNames.KUBE_POD_CONTAINER_RESOURCE_REQUESTS, Resource.CPU),
            current(newest, SeriesNames.KUBE_POD_CONTAINER_RESOURCE_LIMITS, Resource.CPU),
            cpuP95,
            Math.max(CPU_FLOOR_CORES, cpuP95),
            null),
        new Recommendation.Memory(
            current(newest, SeriesNames.KUBE_POD_CONTAINER_RESOURCE_REQUESTS, Resource.MEMORY),
            current(newest, SeriesNames.KUBE_POD_CONTAINER_RESOURCE_LIMITS, Resource.MEMORY),
            memoryPeak,
            Math.max(MEMORY_FLOOR_BYTES, memoryPeak * MEMORY_HEADROOM),
            Math.max(MEMORY_FLOOR_BYTES, memoryPeak * MEMORY_HEADROOM)));
  }

  /** The newest request or limit the kubelet reported for a container, when it did. */
  private Double current(SeriesKey any, String metric, Resource resource) {
    if (any == null) {
      return null;
    }
    List<LabelMatcher> m =
        List.of(
            LabelMatcher.equal(LabelMatcher.METRIC_NAME, metric),
            same(any, SeriesNames.NAMESPACE_LABEL),
            same(any, SeriesNames.POD_LABEL),
            same(any, SeriesNames.CONTAINER_LABEL),
            LabelMatcher.equal(SeriesNames.RESOURCE_LABEL, resource.resource));
    for (SeriesKey s : history.storeSelect(m)) {
      Sample v = history.newest(s);
      if (v != null) {
        return v.value();
      }
    }
    return null;
  }

  private static LabelMatcher same(SeriesKey series, String label) {
    return LabelMatcher.equal(label, series.label(label));
  }

  private static <E extends Enum<E>> E parse(Class<E> type, String what, String text) {
    for (E e : type.getEnumConstants()) {
      if (e.name().equalsIgnoreCase(String.valueOf(text))) {
        return e;
      }
    }
    List<String> known = new ArrayList<>();
    for (E e : type.getEnumConstants()) {
      known.add(e.name().toLowerCase(java.util.Locale.ROOT));
    }
    throw new IllegalArgumentException(what + " must be one of " + known + ", not '" + text + "'");
  }
}
