package io.tidemark.tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The machine a run measured on, for its report: CPU model and cores, memory, kernel, the Java that
 * ran the children, and the load average when the run started (these machines are shared).
 *
 * @param cpuModel the first {@code model name} of {@code /proc/cpuinfo}
 * @param cores processors available to the JVM
 * @param memTotalBytes {@code MemTotal} of {@code /proc/meminfo}
 * @param kernel {@code /proc/sys/kernel/osrelease}
 * @param java the first line of {@code java -version}, and the runtime line
 * @param loadAverage {@code /proc/loadavg} when the run started
 */
record Machine(
    String cpuModel,
    int cores,
    long memTotalBytes,
    String kernel,
    String java,
    String loadAverage) {

  /** The machine this JVM runs on; {@code java} is the binary the children run with. */
  static Machine describe(Path java) {
    String version = ProcFs.run(java.toString(), "-version").strip();
    String[] lines = version.split("\n");
    String javaLine = lines[0] + (lines.length > 1 ? "; " + lines[1].strip() : "");
    return new Machine(
        cpuModel(read("/proc/cpuinfo")),
        Runtime.getRuntime().availableProcessors(),
        ProcFs.statusBytes(read("/proc/meminfo"), "MemTotal"),
        read("/proc/sys/kernel/osrelease").strip(),
        javaLine,
        currentLoadAverage());
  }

  /** The first {@code model name} of a {@code /proc/cpuinfo} text, or {@code unknown}. */
  static String cpuModel(String cpuinfo) {
    for (String line : cpuinfo.split("\n")) {
      if (line.startsWith("model name")) {
        return line.substring(line.indexOf(':') + 1).strip();
      }
    }
    return "unknown";
  }

  /** The three load averages of {@code /proc/loadavg}, now. */
  static String currentLoadAverage() {
    String[] parts = read("/proc/loadavg").strip().split("\\s+");
    return parts.length >= 3 ? parts[0] + " " + parts[1] + " " + parts[2] : "unknown";
  }

  /** One line for a report. */
  String summary() {
    return String.format(
        "%s, %d cores, %.1f GiB; Linux %s; %s; load average at start %s",
        cpuModel, cores, memTotalBytes / 1073741824.0, kernel, java, loadAverage);
  }

  private static String read(String file) {
    try {
      return Files.readString(Path.of(file));
    } catch (IOException e) {
      return "";
    }
  }
}
