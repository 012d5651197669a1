package io.tidemark.collector.summary;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The series-name suffixes of Summary API fields; the scope ({@code node}, {@code pod}, ...) is put
 * in front. Where the kubelet or cAdvisor has a name, this is it.
 */
final class Names {

  private Names() {}

  /**
   * The full names of one scope, {@code scope + "_" + suffix}, made once per suffix: an owner keeps
   * its scope's table, so naming a figure costs one lookup and no allocation.
   */
  static final class Scope {
    private final String prefix;
    private final Map<String, String> names = new ConcurrentHashMap<>();

    Scope(String scope) {
      this.prefix = scope + "_";
    }

    String name(String suffix) {
      String name = names.get(suffix);
      return name != null ? name : names.computeIfAbsent(suffix, prefix::concat);
    }
  }

  /** The suffix of a field of a flat stats object, or {@code null} for a field not stored. */
  static String flat(String kind, String field) {
    return switch (kind) {
      case "cpu" ->
          switch (field) {
            case "usageCoreNanoSeconds" -> "cpu_usage_seconds_total";
            case "usageNanoCores" -> "cpu_usage_cores";
            default -> null;
          };
      case "memory" ->
          switch (field) {
            case "availableBytes" -> "memory_available_bytes";
            case "usageBytes" -> "memory_usage_bytes";
            case "workingSetBytes" -> "memory_working_set_bytes";
            case "rssBytes" -> "memory_rss";
            case "pageFaults" -> "memory_page_faults_total";
            case "majorPageFaults" -> "memory_major_page_faults_total";
            default -> null;
          };
      case "swap" ->
          switch (field) {
            case "swapAvailableBytes" -> "swap_available_bytes";
            case "swapUsageBytes" -> "swap_usage_bytes";
            default -> null;
          };
      case "process_stats" -> field.equals("process_count") ? "processes" : null;
      default -> null;
    };
  }

  /** What a flat field's JSON value is divided by to give the series' unit. */
  static double divisor(String kind, String field) {
    return kind.equals("cpu") ? 1e9 : 1; // nanoseconds and nano-cores to seconds and cores
  }

  /**
   * The suffix of a file-system field. Container root file systems use cAdvisor's names ({@code
   * usage_bytes}, {@code limit_bytes}, {@code inodes_total}).
   */
  static String fs(String field, boolean cadvisorNames) {
    return switch (field) {
      case "availableBytes" -> "available_bytes";
      case "capacityBytes" -> cadvisorNames ? "limit_bytes" : "capacity_bytes";
      case "usedBytes" -> cadvisorNames ? "usage_bytes" : "used_bytes";
      case "inodesFree" -> "inodes_free";
      case "inodes" -> cadvisorNames ? "inodes_total" : "inodes";
      case "inodesUsed" -> "inodes_used";
      default -> null;
    };
  }
}
