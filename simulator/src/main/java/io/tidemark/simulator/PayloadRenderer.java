package io.tidemark.simulator;

import com.fasterxml.jackson.core.JsonGenerator;
import io.tidemark.query.format.GoNumbers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.function.ToDoubleFunction;

/**
 * Renders a node's state as the kubelet does: {@code /stats/summary} in the shape of Kubernetes
 * 1.35 ({@code stats/v1alpha1}, field for field as in the shared fixture of that version), {@code
 * /metrics/resource} in the Prometheus text format of the same version, and {@code /pods} (through
 * {@link PodListRenderer}).
 *
 * <p>Thread safety: stateless.
 */
final class PayloadRenderer {

  private final PodListRenderer podList = new PodListRenderer();

  byte[] pods(SimulatedNode node) {
    return podList.pods(node);
  }

  byte[] summary(SimulatedNode node) {
    return JsonPayload.render(
        4096 + node.pods.size() * 3000,
        g -> {
          g.useDefaultPrettyPrinter();
          g.writeStartObject();
          g.writeObjectFieldStart("node");
          g.writeStringField("nodeName", node.name);
          g.writeArrayFieldStart("systemContainers");
          writeSystemContainer(g, node, "kubelet", node.kubeletCpuNanoSeconds, 60L << 20);
          writeSystemContainer(g, node, "pods", podsCpu(node), podsMemory(node));
          g.writeEndArray();
          g.writeStringField("startTime", time(node.bootSeconds));
          writeCpu(g, node.timeSeconds, node.usageNanoCores, node.cpuNanoSeconds);
          g.writeObjectFieldStart("memory");
          g.writeStringField("time", time(node.timeSeconds));
          g.writeNumberField("availableBytes", node.memoryCapacityBytes - node.workingSetBytes());
          g.writeNumberField("usageBytes", node.usageBytes());
          g.writeNumberField("workingSetBytes", node.workingSetBytes());
          g.writeNumberField("rssBytes", (long) (node.workingSetBytes() * 0.8));
          g.writeNumberField("pageFaults", node.cpuNanoSeconds / 70_000);
          g.writeNumberField("majorPageFaults", 6);
          writePsi(g, node.workingSetBytes() >> 24, node.workingSetBytes() >> 26, 0);
          g.writeEndObject();
          writeIo(g, node.timeSeconds, node.cpuNanoSeconds / 400_000);
          writeNetwork(g, node.timeSeconds, node.rxBytes, node.txBytes, 0);
          writeFs(g, "fs", node.timeSeconds, node.fsCapacityBytes, node.fsCapacityBytes / 9, 0);
          g.writeObjectFieldStart("runtime");
          writeFs(g, "imageFs", node.timeSeconds, node.fsCapacityBytes, node.imageFsUsedBytes, 0);
          writeFs(
              g, "containerFs", node.timeSeconds, node.fsCapacityBytes, node.imageFsUsedBytes, 0);
          g.writeEndObject();
          g.writeObjectFieldStart("rlimit");
          g.writeStringField("time", time(node.timeSeconds));
          g.writeNumberField("maxpid", 4194304);
          g.writeNumberField("curproc", 200 + node.pods.size() * 4);
          g.writeEndObject();
          g.writeObjectFieldStart("swap");
          g.writeStringField("time", time(node.timeSeconds));
          g.writeNumberField("swapAvailableBytes", 0);
          g.writeNumberField("swapUsageBytes", 0);
          g.writeEndObject();
          g.writeEndObject();

          g.writeArrayFieldStart("pods");
          for (SimulatedPod pod : node.pods) {
            writePod(g, node, pod);
          }
          g.writeEndArray();
          g.writeEndObject();
        });
  }

  private void writePod(JsonGenerator g, SimulatedNode node, SimulatedPod pod) throws IOException {
    long podTime = pod.timeSeconds();
    g.writeStartObject();
    g.writeObjectFieldStart("podRef");
    g.writeStringField("name", pod.name);
    g.writeStringField("namespace", pod.namespace);
    g.writeStringField("uid", pod.uid);
    g.writeEndObject();
    g.writeStringField("startTime", time(pod.startSeconds));
    g.writeArrayFieldStart("containers");
    for (SimulatedContainer c : pod.containers) {
      g.writeStartObject();
      g.writeStringField("name", c.name);
      g.writeStringField("startTime", time(c.startSeconds));
      writeCpu(g, c.timeSeconds, c.usageNanoCores, c.cpuNanoSeconds);
      writeMemory(
          g, c.timeSeconds, c.limitBytes, c.usageBytes(), c.workingSetBytes, c.rssBytes(), c);
      writeIo(g, c.timeSeconds, c.cpuNanoSeconds / 400_000);
      writeFs(g, "rootfs", node.timeSeconds, node.fsCapacityBytes, c.rootfsBytes, 23);
      writeFs(g, "logs", node.timeSeconds, node.fsCapacityBytes, c.logsBytes, 1);
      g.writeObjectFieldStart("swap");
      g.writeStringField("time", time(c.timeSeconds));
      g.writeNumberField("swapAvailableBytes", 0);
      g.writeNumberField("swapUsageBytes", 0);
      g.writeEndObject();
      g.writeEndObject();
    }
    g.writeEndArray();
    writeCpu(g, podTime, pod.usageNanoCores(), pod.cpuNanoSeconds());
    writeMemory(g, podTime, pod.limitBytes(), pod.usageBytes(), pod.workingSetBytes(), 0, null);
    writeIo(g, podTime, pod.cpuNanoSeconds() / 400_000);
    writeNetwork(g, podTime, pod.rxBytes, pod.txBytes, pod.rxErrors);
    g.writeArrayFieldStart("volume");
    g.writeStartObject();
    writeFsFields(g, node.timeSeconds, 8L << 30, pod.volumeBytes, 9);
    g.writeStringField("name", pod.volumeName);
    g.writeEndObject();
    g.writeEndArray();
    g.writeFieldName("ephemeral-storage");
    g.writeStartObject();
    long ephemeral = 0;
    for (SimulatedContainer c : pod.containers) {
      ephemeral += c.rootfsBytes + c.logsBytes;
    }
    writeFsFields(g, node.timeSeconds, node.fsCapacityBytes, ephemeral, 25);
    g.writeEndObject();
    g.writeObjectFieldStart("process_stats");
    g.writeNumberField("process_count", pod.processCount);
    g.writeEndObject();
    g.writeObjectFieldStart("swap");
    g.writeStringField("time", time(podTime));
    g.writeNumberField("swapUsageBytes", 0);
    g.writeEndObject();
    g.writeEndObject();
  }

  private static void writeSystemContainer(
      JsonGenerator g, SimulatedNode node, String name, long cpuNanos, long memoryBytes)
      throws IOException {
    g.writeStartObject();
    g.writeStringField("name", name);
    g.writeStringField("startTime", time(node.bootSeconds + 5));
    writeCpu(g, node.timeSeconds - 4, 0, cpuNanos);
    writeMemory(g, node.timeSeconds - 4, 0, memoryBytes, memoryBytes, memoryBytes, null);
    writeIo(g, node.timeSeconds - 4, cpuNanos / 400_000);
    g.writeObjectFieldStart("swap");
    g.writeStringField("time", time(node.timeSeconds - 4));
    g.writeNumberField("swapUsageBytes", 0);
    g.writeEndObject();
    g.writeEndObject();
  }

  private static void writeCpu(JsonGenerator g, long timeSeconds, long nanoCores, long nanoSeconds)
      throws IOException {
    g.writeObjectFieldStart("cpu");
    g.writeStringField("time", time(timeSeconds));
    g.writeNumberField("usageNanoCores", nanoCores);
    g.writeNumberField("usageCoreNanoSeconds", nanoSeconds);
    // Pressure stall totals are cumulative microseconds; a small share of the CPU time.
    writePsi(g, nanoSeconds / 40_000, nanoSeconds / 42_000, nanoCores / 1e9);
    g.writeEndObject();
  }

  private static void writeIo(JsonGenerator g, long timeSeconds, long stallMicros)
      throws IOException {
    g.writeObjectFieldStart("io");
    g.writeStringField("time", time(timeSeconds));
    writePsi(g, stallMicros, stallMicros * 99 / 100, 0);
    g.writeEndObject();
  }

  private static void writePsi(JsonGenerator g, long some, long full, double load)
      throws IOException {
    double avg = Math.round(Math.min(100, load * 3) * 100) / 100.0;
    g.writeObjectFieldStart("psi");
    g.writeObjectFieldStart("full");
    g.writeNumberField("total", full);
    g.writeNumberField("avg10", avg * 0.9);
    g.writeNumberField("avg60", avg * 0.5);
    g.writeNumberField("avg300", avg * 0.2);
    g.writeEndObject();
    g.writeObjectFieldStart("some");
    g.writeNumberField("total", some);
    g.writeNumberField("avg10", avg);
    g.writeNumberField("avg60", avg * 0.55);
    g.writeNumberField("avg300", avg * 0.22);
    g.writeEndObject();
    g.writeEndObject();
  }

  private static void writeMemory(
      JsonGenerator g,
      long timeSeconds,
      long limit,
      long usage,
      long workingSet,
      long rss,
      SimulatedContainer faults)
      throws IOException {
    g.writeObjectFieldStart("memory");
    g.writeStringField("time", time(timeSeconds));
    if (limit > 0) {
      g.writeNumberField("availableBytes", Math.max(0, limit - workingSet));
    }
    g.writeNumberField("usageBytes", usage);
    g.writeNumberField("workingSetBytes", workingSet);
    g.writeNumberField("rssBytes", rss == 0 ? (long) (workingSet * 0.85) : rss);
    g.writeNumberField("pageFaults", faults == null ? workingSet >> 12 : faults.pageFaults);
    g.writeNumberField("majorPageFaults", faults == null ? 0 : faults.majorPageFaults);
    writePsi(g, workingSet >> 24, workingSet >> 26, 0);
    g.writeEndObject();
  }

  private static void writeNetwork(
      JsonGenerator g, long timeSeconds, long rx, long tx, long rxErrors) throws IOException {
    g.writeObjectFieldStart("network");
    g.writeStringField("time", time(timeSeconds));
    g.writeStringField("name", "eth0");
    g.writeNumberField("rxBytes", rx);
    g.writeNumberField("rxErrors", rxErrors);
    g.writeNumberField("txBytes", tx);
    g.writeNumberField("txErrors", 0);
    g.writeArrayFieldStart("interfaces");
    g.writeStartObject();
    g.writeStringField("name", "eth0");
    g.writeNumberField("rxBytes", rx);
    g.writeNumberField("rxErrors", rxErrors);
    g.writeNumberField("txBytes", tx);
    g.writeNumberField("txErrors", 0);
    g.writeEndObject();
    g.writeEndArray();
    g.writeEndObject();
  }

  private static void writeFs(
      JsonGenerator g, String field, long timeSeconds, long capacity, long used, long inodesUsed)
      throws IOException {
    g.writeObjectFieldStart(field);
    writeFsFields(g, timeSeconds, capacity, used, inodesUsed == 0 ? used >> 16 : inodesUsed);
    g.writeEndObject();
  }

  private static void writeFsFields(
      JsonGenerator g, long timeSeconds, long capacity, long used, long inodesUsed)
      throws IOException {
    long inodes = capacity >> 14;
    g.writeStringField("time", time(timeSeconds));
    g.writeNumberField("availableBytes", capacity - capacity / 9);
    g.writeNumberField("capacityBytes", capacity);
    g.writeNumberField("usedBytes", used);
    g.writeNumberField("inodesFree", inodes - inodesUsed);
    g.writeNumberField("inodes", inodes);
    g.writeNumberField("inodesUsed", inodesUsed);
  }

  private static long podsCpu(SimulatedNode node) {
    return node.pods.stream().mapToLong(SimulatedPod::cpuNanoSeconds).sum();
  }

  private static long podsMemory(SimulatedNode node) {
    return node.pods.stream().mapToLong(SimulatedPod::workingSetBytes).sum();
  }

  byte[] resource(SimulatedNode node) {
    StringBuilder out = new StringBuilder(2048 + node.pods.size() * 900);
    containerFamily(
        out,
        node,
        "container_cpu_usage_seconds_total counter",
        "Cumulative cpu time consumed by the container in core-seconds",
        c -> c.cpuNanoSeconds / 1e9,
        false);
    containerFamily(
        out,
        node,
        "container_memory_working_set_bytes gauge",
        "Current working set of the container in bytes",
        c -> c.workingSetBytes,
        false);
    containerFamily(
        out,
        node,
        "container_start_time_seconds gauge",
        "Start time of the container since unix epoch in seconds",
        c -> c.startSeconds,
        true);
    family(
        out,
        "node_cpu_usage_seconds_total counter",
        "Cumulative cpu time consumed by the node in core-seconds");
    long nodeMillis = statsMillis(node.name, node.timeSeconds);
    sample(out, "node_cpu_usage_seconds_total", node.cpuNanoSeconds / 1e9, nodeMillis);
    family(out, "node_memory_working_set_bytes gauge", "Current working set of the node in bytes");
    sample(out, "node_memory_working_set_bytes", node.workingSetBytes(), nodeMillis);
    podFamily(
        out,
        node,
        "pod_cpu_usage_seconds_total counter",
        "Cumulative cpu time consumed by the pod in core-seconds",
        p -> p.cpuNanoSeconds() / 1e9);
    podFamily(
        out,
        node,
        "pod_memory_working_set_bytes gauge",
        "Current working set of the pod in bytes",
        SimulatedPod::workingSetBytes);
    family(
        out,
        "resource_scrape_error gauge",
        "1 if there was an error while getting container metrics, 0 otherwise");
    out.append("resource_scrape_error 0\n");
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  byte[] probes(SimulatedNode node) {
    StringBuilder out = new StringBuilder(256 + node.pods.size() * 600);
    String metric =
        family(
            out,
            "prober_probe_total counter",
            "Cumulative number of a liveness, readiness or startup probe for a container by"
                + " result.");
    for (SimulatedPod pod : node.pods) {
      for (SimulatedContainer c : pod.containers) {
        long probes = Math.max(0, (c.timeSeconds - c.startSeconds) / 10);
        for (String type : new String[] {"Liveness", "Readiness"}) {
          for (String result : new String[] {"failed", "successful"}) {
            long count = result.equals("failed") ? c.restarts * 3L : probes;
            openContainerLabels(out, metric, pod, c)
                .append("\",pod_uid=\"")
                .append(pod.uid)
                .append("\",probe_type=\"")
                .append(type)
                .append("\",result=\"")
                .append(result)
                .append("\"} ")
                .append(count)
                .append('\n');
          }
        }
      }
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** A small part of {@code /metrics/cadvisor}, in its shape: enough to test the allow-list. */
  byte[] cadvisor(SimulatedNode node) {
    StringBuilder out = new StringBuilder(1024 + node.pods.size() * 2000);
    cadvisorFamily(
        out,
        node,
        "container_cpu_cfs_periods_total counter",
        "Number of elapsed enforcement period intervals.",
        c -> c.cpuNanoSeconds / 100_000_000);
    cadvisorFamily(
        out,
        node,
        "container_cpu_cfs_throttled_periods_total counter",
        "Number of throttled period intervals.",
        c -> c.cpuNanoSeconds / 2_000_000_000L);
    cadvisorFamily(
        out,
        node,
        "container_cpu_usage_seconds_total counter",
        "Cumulative cpu time consumed in seconds.",
        c -> c.cpuNanoSeconds / 1e9);
    cadvisorFamily(
        out,
        node,
        "container_memory_cache gauge",
        "Number of bytes of page cache memory.",
        c -> c.cacheBytes);
    cadvisorFamily(
        out,
        node,
        "container_oom_events_total counter",
        "Count of out of memory events observed for the container",
        c -> c.restarts);
    String cores = family(out, "machine_cpu_cores gauge", "Number of logical CPU cores.");
    out.append(cores)
        .append("{boot_id=\"b\",machine_id=\"m\",system_uuid=\"u\"} ")
        .append(node.memoryCapacityBytes >> 32) // 4 GiB a core: 2 to 16 cores
        .append('\n');
    String machine = family(out, "machine_memory_bytes gauge", "Amount of memory installed.");
    out.append(machine)
        .append("{boot_id=\"b\",machine_id=\"m\",system_uuid=\"u\"} ")
        .append(GoNumbers.formatG(node.memoryCapacityBytes))
        .append('\n');
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void cadvisorFamily(
      StringBuilder out,
      SimulatedNode node,
      String nameAndType,
      String help,
      ToDoubleFunction<SimulatedContainer> value) {
    String metric = family(out, nameAndType, help);
    for (SimulatedPod pod : node.pods) {
      for (SimulatedContainer c : pod.containers) {
        String id = "/kubepods/pod" + pod.uid + "/" + c.name;
        out.append(metric)
            .append("{container=\"")
            .append(c.name)
            .append("\",id=\"")
            .append(id)
            .append("\",image=\"registry.example/")
            .append(c.name)
            .append(":1.0\",name=\"")
            .append(c.name)
            .append("\",namespace=\"")
            .append(pod.namespace)
            .append("\",pod=\"")
            .append(pod.name)
            .append("\"} ");
        valueAndTime(out, value.applyAsDouble(c), c.timeSeconds * 1000);
      }
    }
  }

  private static void containerFamily(
      StringBuilder out,
      SimulatedNode node,
      String nameAndType,
      String help,
      ToDoubleFunction<SimulatedContainer> value,
      boolean atStartTime) {
    String metric = family(out, nameAndType, help);
    for (SimulatedPod pod : node.pods) {
      for (SimulatedContainer c : pod.containers) {
        openContainerLabels(out, metric, pod, c).append("\"} ");
        long millis =
            atStartTime
                ? c.startSeconds * 1000
                : statsMillis(pod.name + '/' + c.name, c.timeSeconds);
        valueAndTime(out, value.applyAsDouble(c), millis);
      }
    }
  }

  private static void podFamily(
      StringBuilder out,
      SimulatedNode node,
      String nameAndType,
      String help,
      ToDoubleFunction<SimulatedPod> value) {
    String metric = family(out, nameAndType, help);
    for (SimulatedPod pod : node.pods) {
      out.append(metric)
          .append("{namespace=\"")
          .append(pod.namespace)
          .append("\",pod=\"")
          .append(pod.name)
          .append("\"} ");
      valueAndTime(out, value.applyAsDouble(pod), statsMillis(pod.name, pod.timeSeconds()));
    }
  }

  /** Writes {@code metric{container="..",namespace="..",pod=".."}, leaving the last quote open. */
  private static StringBuilder openContainerLabels(
      StringBuilder out, String metric, SimulatedPod pod, SimulatedContainer c) {
    return out.append(metric)
        .append("{container=\"")
        .append(c.name)
        .append("\",namespace=\"")
        .append(pod.namespace)
        .append("\",pod=\"")
        .append(pod.name);
  }

  /** Writes HELP and TYPE; returns the metric name. */
  private static String family(StringBuilder out, String nameAndType, String help) {
    String name = nameAndType.substring(0, nameAndType.indexOf(' '));
    out.append("# HELP ").append(name).append(" [STABLE] ").append(help).append('\n');
    out.append("# TYPE ").append(nameAndType).append('\n');
    return name;
  }

  private static void sample(StringBuilder out, String metric, double value, long timeMillis) {
    out.append(metric).append(' ');
    valueAndTime(out, value, timeMillis);
  }

  private static void valueAndTime(StringBuilder out, double value, long timeMillis) {
    out.append(GoNumbers.formatG(value)).append(' ').append(timeMillis).append('\n');
  }

  /**
   * A cgroup's stats time in milliseconds: its whole second plus a sub-second part that differs per
   * cgroup and per update, as cAdvisor's per-container housekeeping gives (the Summary API rounds
   * the same times to the second).
   */
  static long statsMillis(String cgroup, long timeSeconds) {
    long h = cgroup.hashCode() * 0x9E3779B97F4A7C15L + timeSeconds;
    h ^= h >>> 31;
    h *= 0xBF58476D1CE4E5B9L;
    h ^= h >>> 29;
    return timeSeconds * 1000 + Math.floorMod(h, 1000L);
  }

  static String time(long epochSeconds) {
    return Instant.ofEpochSecond(epochSeconds).toString();
  }
}
