package io.tidemark.tools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What Linux's {@code /proc} says about a process: CPU seconds from {@code /proc/PID/stat},
 * resident memory from {@code /proc/PID/status}.
 *
 * <p>CPU seconds are {@code (utime + stime) / CLK_TCK}: user and system time of every thread of the
 * process (a JVM's compiler and GC threads, RocksDB's background threads, Go's runtime), not of its
 * children. {@code CLK_TCK} comes from {@code getconf CLK_TCK}. Memory figures are {@code VmRSS}
 * (now) and {@code VmHWM} (the peak, the "high water mark", kept by the kernel over the process'
 * whole life so no sampling can miss it).
 */
final class ProcFs {

  /**
   * One reading of a process.
   *
   * @param cpuSeconds user plus system CPU seconds since the process started
   * @param rssBytes resident set size now
   * @param peakRssBytes the largest resident set size so far
   */
  record Usage(double cpuSeconds, long rssBytes, long peakRssBytes) {}

  private static volatile long clockTicks;

  private ProcFs() {}

  /** Reads {@code pid}'s usage; an {@link UncheckedIOException} once the process is gone. */
  static Usage read(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      String status = Files.readString(Path.of("/proc", Long.toString(pid), "status"));
      return new Usage(
          (double) cpuTicks(stat) / clockTicksPerSecond(),
          statusBytes(status, "VmRSS"),
          statusBytes(status, "VmHWM"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read /proc/" + pid, e);
    }
  }

  /**
   * {@code utime + stime}, in clock ticks, of the text of a {@code /proc/PID/stat} file.
   *
   * <p>The second field, the command name, is in parentheses and may itself hold spaces and
   * parentheses, so fields are counted from the last {@code ')'}: after it come field 3 ({@code
   * state}) onwards, and {@code utime} and {@code stime} are fields 14 and 15.
   */
  static long cpuTicks(String stat) {
    int close = stat.lastIndexOf(')');
    if (close < 0) {
      throw new IllegalArgumentException("not a /proc/PID/stat line: " + abbreviate(stat));
    }
    String[] fields = stat.substring(close + 1).trim().split("\\s+");
    // fields[0] is field 3 (state), so field n is fields[n - 3]
    if (fields.length < 13) {
      throw new IllegalArgumentException("too few fields in /proc/PID/stat: " + abbreviate(stat));
    }
    return Long.parseLong(fields[14 - 3]) + Long.parseLong(fields[15 - 3]);
  }

  /**
   * The value of {@code field} (such as {@code VmHWM}) of the text of a {@code /proc/PID/status}
   * file, in bytes; -1 if the field is absent (kernel threads and zombies have no memory lines).
   */
  static long statusBytes(String status, String field) {
    String prefix = field + ":";
    for (String line : status.split("\n")) {
      if (line.startsWith(prefix)) {
        String[] parts = line.substring(prefix.length()).trim().split("\\s+");
        long value = Long.parseLong(parts[0]);
        if (parts.length < 2) {
          return value;
        }
        return switch (parts[1]) {
          case "kB" -> value * 1024;
          case "mB", "MB" -> value * 1024 * 1024;
          default -> throw new IllegalArgumentException("unknown unit in '" + line + "'");
        };
      }
    }
    return -1;
  }

  /**
   * The processes whose command name ({@code /proc/PID/comm}, which the kernel cuts to 15
   * characters) is {@code comm}.
   */
  static List<Long> pidsNamed(String comm) {
    List<Long> out = new ArrayList<>();
    try (DirectoryStream<Path> proc = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path p : proc) {
        try {
          if (Files.readString(p.resolve("comm")).strip().equals(comm)) {
            out.add(Long.parseLong(p.getFileName().toString()));
          }
        } catch (IOException | NumberFormatException e) {
          // gone meanwhile, or not a process
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list /proc", e);
    }
    return out;
  }

  /** {@code getconf CLK_TCK}, read once: the unit of the CPU times in {@code /proc/PID/stat}. */
  static long clockTicksPerSecond() {
    long ticks = clockTicks;
    if (ticks == 0) {
      ticks = parseClockTicks(run("getconf", "CLK_TCK"));
      clockTicks = ticks;
    }
    return ticks;
  }

  /** The positive number {@code getconf CLK_TCK} printed. */
  static long parseClockTicks(String output) {
    long ticks = Long.parseLong(output.trim());
    if (ticks <= 0) {
      throw new IllegalArgumentException("getconf CLK_TCK printed " + output.trim());
    }
    return ticks;
  }

  /** Runs a short command and returns its standard output (standard error merged). */
  static String run(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException(
            String.join(" ", command) + " failed: " + new String(out, StandardCharsets.UTF_8));
      }
      return new String(out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + String.join(" ", command), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running " + String.join(" ", command), e);
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 80) + "...";
  }
}
