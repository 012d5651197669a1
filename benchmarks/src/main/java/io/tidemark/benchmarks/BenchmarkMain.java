package io.tidemark.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The benchmark jar's entry point: JMH's own command line, with two presets in front.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar quick [JMH options] [patterns]   # minutes
 * java -jar benchmarks/target/benchmarks.jar full  [JMH options] [patterns]   # the published runs
 * java -jar benchmarks/target/benchmarks.jar [JMH options] [patterns]         # JMH's defaults
 * </pre>
 *
 * Options given after the preset override it: the preset's own value of such an option is left out,
 * since JMH refuses an option given twice.
 */
public final class BenchmarkMain {

  /** The presets' JMH options. */
  static final Map<String, List<String>> PRESETS =
      Map.of(
          // about 12 s a benchmark: a quick look, ratios within a run still hold
          "quick", List.of("-f", "1", "-wi", "2", "-w", "2s", "-i", "3", "-r", "2s"),
          // about 26 s a benchmark: what docs/benchmarks.md reports
          "full", List.of("-f", "1", "-wi", "3", "-w", "2s", "-i", "5", "-r", "2s", "-rf", "json"));

  private BenchmarkMain() {}

  /** Expands a leading preset name and runs JMH. */
  public static void main(String[] args) throws Exception {
    org.openjdk.jmh.Main.main(expand(args));
  }

  /** {@code args} with a leading preset name replaced by its options. */
  static String[] expand(String[] args) {
    if (args.length == 0 || !PRESETS.containsKey(args[0])) {
      return args;
    }
    List<String> preset = PRESETS.get(args[0]);
    List<String> rest = Arrays.asList(args).subList(1, args.length);
    List<String> out = new ArrayList<>();
    for (int i = 0; i + 1 < preset.size(); i += 2) {
      if (!rest.contains(preset.get(i))) {
        out.add(preset.get(i));
        out.add(preset.get(i + 1));
      }
    }
    out.addAll(rest);
    return out.toArray(String[]::new);
  }
}
