package io.tidemark.collector.summary;

import io.tidemark.query.series.SeriesNames;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The series names of Summary API figures. A figure is a {@link Group} and a slot in it; its name
 * is the owner's scope ({@code node}, {@code pod}, ...), the group's prefix and the slot's suffix.
 * Where the kubelet or cAdvisor has a name, this is it. The scope prefixes, and the suffixes whose
 * names the query side reads, are {@link SeriesNames}'.
 */
final class Names {

  private Names() {}

  private static final Map<String, String> METRICS = new ConcurrentHashMap<>();

  /** What owns figures; its prefix starts every series name of its figures. */
  enum Scope {
    NODE(SeriesNames.NODE),
    SYSTEM_CONTAINER(SeriesNames.NODE_SYSTEM_CONTAINER),
    POD(SeriesNames.POD),
    CONTAINER(SeriesNames.CONTAINER);

    final String prefix;

    Scope(String prefix) {
      this.prefix = prefix;
    }
  }

  // Slots of Group.OWN: the figures of an owner itself.
  static final int START_TIME = 0;
  static final int CPU_USAGE_SECONDS = 1;
  static final int CPU_USAGE_CORES = 2;
  static final int MEMORY_AVAILABLE = 3;
  static final int MEMORY_USAGE = 4;
  static final int MEMORY_WORKING_SET = 5;
  static final int MEMORY_RSS = 6;
  static final int PAGE_FAULTS = 7;
  static final int MAJOR_PAGE_FAULTS = 8;
  static final int SWAP_AVAILABLE = 9;
  static final int SWAP_USAGE = 10;
  static final int PROCESSES = 11;
  static final int RLIMIT_MAX_PIDS = 12;

  /** The first pressure slot: then {@code cpu, memory, io} by two, waiting before stalled. */
  static final int PRESSURE = 13;

  /** The flat stats objects whose numeric fields {@link #flat} names. */
  static final int CPU = 0;

  static final int MEMORY = 1;
  static final int IO = 2;
  static final int SWAP = 3;
  static final int PROCESS_STATS = 4;

  private static final String[] FS_PLAIN = {
    "available_bytes", "capacity_bytes", "used_bytes", "inodes_free", "inodes", "inodes_used"
  };

  /** cAdvisor's names, used for containers' root file systems. */
  private static final String[] FS_CADVISOR = {
    "available_bytes", "limit_bytes", "usage_bytes", "inodes_free", "inodes_total", "inodes_used"
  };

  /** A set of figures that share a prefix and, where {@code label} is set, one label. */
  enum Group {
    OWN(
        "",
        null,
        "start_time_seconds",
        SeriesNames.CPU_USAGE_SECONDS_TOTAL,
        "cpu_usage_cores",
        SeriesNames.MEMORY_AVAILABLE_BYTES,
        "memory_usage_bytes",
        SeriesNames.MEMORY_WORKING_SET_BYTES,
        "memory_rss",
        "memory_page_faults_total",
        "memory_major_page_faults_total",
        "swap_available_bytes",
        "swap_usage_bytes",
        "processes",
        "rlimit_max_pids",
        "pressure_cpu_waiting_seconds_total",
        "pressure_cpu_stalled_seconds_total",
        "pressure_memory_waiting_seconds_total",
        "pressure_memory_stalled_seconds_total",
        "pressure_io_waiting_seconds_total",
        "pressure_io_stalled_seconds_total"),
    /** The node's file systems, labelled {@code fs} root, image or container. */
    NODE_FS("fs_", "fs", FS_PLAIN),
    ROOTFS("fs_", null, FS_PLAIN),
    CONTAINER_ROOTFS("fs_", null, FS_CADVISOR),
    LOGS("logs_", null, FS_PLAIN),
    EPHEMERAL_STORAGE("ephemeral_storage_", null, FS_PLAIN),
    VOLUME("volume_", "volume", FS_PLAIN),
    NETWORK(
        "",
        "interface",
        "network_receive_bytes_total",
        "network_receive_errors_total",
        "network_transmit_bytes_total",
        "network_transmit_errors_total"),
    /** Labelled {@code make}, {@code model} and {@code accelerator}; see {@link #accelerator}. */
    ACCELERATOR(
        "",
        null,
        "accelerator_memory_total_bytes",
        "accelerator_memory_used_bytes",
        "accelerator_duty_cycle");

    private final String prefix;
    final String label;
    private final String[] suffixes;

    Group(String prefix, String label, String... suffixes) {
      this.prefix = prefix;
      this.label = label;
      this.suffixes = suffixes;
    }

    int size() {
      return suffixes.length;
    }

    /** Whether the group's series carry a label of their own (so an owner has many of them). */
    boolean labelled() {
      return label != null || this == ACCELERATOR;
    }

    /**
     * Where the slots of an unlabelled group start in {@link #UNLABELLED_SLOTS}; -1 if labelled.
     */
    int offset() {
      return OFFSETS[ordinal()];
    }

    /** The series name of {@code slot} for an owner of {@code scope}; one instance per name. */
    String metric(Scope scope, int slot) {
      String name = scope.prefix + "_" + prefix + suffixes[slot];
      String known = METRICS.putIfAbsent(name, name);
      return known != null ? known : name;
    }
  }

  private static final int[] OFFSETS = new int[Group.values().length];

  /** The slots of every unlabelled group of an owner, end to end ({@link Group#OWN} first). */
  static final int UNLABELLED_SLOTS;

  static {
    int next = 0;
    for (Group group : Group.values()) {
      OFFSETS[group.ordinal()] = group.labelled() ? -1 : next;
      next += group.labelled() ? 0 : group.size();
    }
    UNLABELLED_SLOTS = next;
  }

  /** The label value that keys an accelerator: make, model and id, NUL-separated. */
  static String accelerator(String make, String model, String id) {
    return make + '\0' + model + '\0' + id;
  }

  /** The {@link Group#OWN} slot of a field of a flat stats object, or -1 for one not stored. */
  static int flat(int kind, String field) {
    return switch (kind) {
      case CPU ->
          switch (field) {
            case "usageCoreNanoSeconds" -> CPU_USAGE_SECONDS;
            case "usageNanoCores" -> CPU_USAGE_CORES;
            default -> -1;
          };
      case MEMORY ->
          switch (field) {
            case "availableBytes" -> MEMORY_AVAILABLE;
            case "usageBytes" -> MEMORY_USAGE;
            case "workingSetBytes" -> MEMORY_WORKING_SET;
            case "rssBytes" -> MEMORY_RSS;
            case "pageFaults" -> PAGE_FAULTS;
            case "majorPageFaults" -> MAJOR_PAGE_FAULTS;
            default -> -1;
          };
      case SWAP ->
          switch (field) {
            case "swapAvailableBytes" -> SWAP_AVAILABLE;
            case "swapUsageBytes" -> SWAP_USAGE;
            default -> -1;
          };
      case PROCESS_STATS -> field.equals("process_count") ? PROCESSES : -1;
      default -> -1;
    };
  }

  /** The slot of a file-system field in the file-system groups, or -1 for one not stored. */
  static int fs(String field) {
    return switch (field) {
      case "availableBytes" -> 0;
      case "capacityBytes" -> 1;
      case "usedBytes" -> 2;
      case "inodesFree" -> 3;
      case "inodes" -> 4;
      case "inodesUsed" -> 5;
      default -> -1;
    };
  }
}
