package io.tidemark.tools;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The command line of a fleet run: {@code --name value} pairs and bare {@code --flag}s, checked
 * against the options the tool declares, with their defaults.
 *
 * <p>Durations are written the Dropwizard way ({@code 15s}, {@code 2m}, {@code 1h}); lists are
 * comma separated. An unknown option, a missing value or a malformed number is an {@link
 * IllegalArgumentException} naming the option.
 */
final class Options {

  /**
   * One option a tool takes.
   *
   * @param name without the leading dashes
   * @param defaultValue the value when not given; {@code null} for a flag or an optional option
   * @param flag whether it takes no value
   * @param help one line for the usage text
   */
  record Option(String name, String defaultValue, boolean flag, String help) {

    /** An option with a value. */
    static Option value(String name, String defaultValue, String help) {
      return new Option(name, defaultValue, false, help);
    }

    /** A flag: present or not. */
    static Option flag(String name, String help) {
      return new Option(name, null, true, help);
    }
  }

  private final Map<String, String> values;

  private Options(Map<String, String> values) {
    this.values = values;
  }

  /** Parses {@code args} against {@code declared}; {@code --help} is left to the caller. */
  static Options parse(String[] args, List<Option> declared) {
    Map<String, Option> byName = new LinkedHashMap<>();
    for (Option o : declared) {
      byName.put(o.name(), o);
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (Option o : declared) {
      if (o.defaultValue() != null) {
        values.put(o.name(), o.defaultValue());
      }
    }
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument '" + arg + "'");
      }
      String name = arg.substring(2);
      String inline = null;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        inline = name.substring(eq + 1);
        name = name.substring(0, eq);
      }
      Option option = byName.get(name);
      if (option == null) {
        throw new IllegalArgumentException("unknown option --" + name);
      }
      if (option.flag()) {
        if (inline != null) {
          throw new IllegalArgumentException("--" + name + " takes no value");
        }
        values.put(name, "true");
      } else if (inline != null) {
        values.put(name, inline);
      } else if (i + 1 < args.length) {
        values.put(name, args[++i]);
      } else {
        throw new IllegalArgumentException("--" + name + " needs a value");
      }
    }
    return new Options(values);
  }

  /** Whether {@code args} ask for the usage text. */
  static boolean wantsHelp(String[] args) {
    return Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h");
  }

  /** The usage text: {@code synopsis}, then one line per option with its default. */
  static String usage(String synopsis, List<Option> declared) {
    StringBuilder out = new StringBuilder(synopsis).append("\n\noptions:\n");
    for (Option o : declared) {
      String left = "  --" + o.name() + (o.flag() ? "" : " VALUE");
      out.append(String.format("%-28s %s", left, o.help()));
      if (o.defaultValue() != null) {
        out.append(" (default ").append(o.defaultValue().isEmpty() ? "none" : o.defaultValue());
        out.append(')');
      }
      out.append('\n');
    }
    return out.toString();
  }

  /** The value of {@code name}, or {@code null} if neither given nor defaulted. */
  String string(String name) {
    return values.get(name);
  }

  /** Whether the flag {@code name} was given. */
  boolean flag(String name) {
    return values.containsKey(name);
  }

  /** The value of {@code name} as a positive integer. */
  int positiveInt(String name) {
    String v = required(name);
    try {
      int n = Integer.parseInt(v.replace("_", ""));
      if (n <= 0) {
        throw new IllegalArgumentException("--" + name + " must be positive, not " + v);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " must be a whole number, not '" + v + "'");
    }
  }

  /** The value of {@code name} as a long. */
  long longValue(String name) {
    String v = required(name);
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " must be a whole number, not '" + v + "'");
    }
  }

  /** The value of {@code name} as a duration ({@code 15s}, {@code 2m}); zero is allowed. */
  Duration duration(String name) {
    String v = required(name);
    try {
      return io.dropwizard.util.Duration.parse(v.trim()).toJavaDuration();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "--" + name + " must be a duration such as 15s, 10m or 1h, not '" + v + "'");
    }
  }

  /** The value of {@code name} as a comma-separated list, blanks dropped. */
  List<String> list(String name) {
    String v = required(name);
    List<String> out = new ArrayList<>();
    for (String part : v.split(",")) {
      if (!part.isBlank()) {
        out.add(part.trim());
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("--" + name + " must list at least one value");
    }
    return out;
  }

  /** The value of {@code name} split on white space, for JVM options; empty when not given. */
  List<String> words(String name) {
    String v = values.get(name);
    if (v == null || v.isBlank()) {
      return List.of();
    }
    return List.of(v.trim().split("\\s+"));
  }

  private String required(String name) {
    String v = values.get(name);
    if (v == null) {
      throw new IllegalArgumentException("--" + name + " is required");
    }
    return v;
  }

  /**
   * {@code d} in the shortest of {@code 1h}, {@code 5m}, {@code 15s}, {@code 500ms}: a notation
   * Prometheus, VictoriaMetrics, PromQL and Dropwizard all read.
   */
  static String format(Duration d) {
    long ms = d.toMillis();
    if (ms % 3_600_000 == 0 && ms > 0) {
      return ms / 3_600_000 + "h";
    }
    if (ms % 60_000 == 0 && ms > 0) {
      return ms / 60_000 + "m";
    }
    if (ms % 1000 == 0) {
      return ms / 1000 + "s";
    }
    return ms + "ms";
  }
}
