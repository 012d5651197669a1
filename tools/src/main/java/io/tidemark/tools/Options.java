package io.tidemark.tools;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import net.sourceforge.argparse4j.ArgumentParsers;
import net.sourceforge.argparse4j.impl.Arguments;
import net.sourceforge.argparse4j.inf.Argument;
import net.sourceforge.argparse4j.inf.ArgumentParser;
import net.sourceforge.argparse4j.inf.ArgumentParserException;
import net.sourceforge.argparse4j.inf.ArgumentType;
import net.sourceforge.argparse4j.inf.Namespace;

/**
 * The command line of a fleet run, read with argparse4j: the parser every tool builds its options
 * on, the value types they share, and durations written back the way every system reads them.
 *
 * <p>Durations are written the Dropwizard way ({@code 15s}, {@code 2m}, {@code 1h}); lists are
 * comma separated; JVM options are one argument split on white space. An unknown option, a missing
 * value or a malformed value is an {@link ArgumentParserException} whose message names the option.
 *
 * <p>Thread safety: the types are stateless; a parser is for one thread at a time.
 */
final class Options {

  /**
   * Options whose one value starts with a dash ({@code --jvm-opts "-Xmx1g -XX:+UseZGC"}), which
   * argparse4j would take for an option: {@link #parse} joins them to their value first.
   */
  static final Set<String> DASHED_VALUES = Set.of("--jvm-opts", "--simulator-jvm-opts");

  private Options() {}

  /**
   * A parser for the script {@code prog} (such as {@code tools/load.sh}): {@code -h}/{@code --help}
   * prints the usage text, {@code description}, then every option with its help and default.
   */
  static ArgumentParser parser(String prog, String description) {
    return ArgumentParsers.newFor(prog)
        .defaultFormatWidth(140) // wide enough that no help line is wrapped (and justified)
        .terminalWidthDetection(false)
        .build()
        .description(description);
  }

  /**
   * Declares {@code --name} taking one value of {@code type}; {@code defaultValue} (written as on
   * the command line) is converted by the same type and shown in the help as {@code (default
   * VALUE)}, or {@code (default none)} when empty. Without a default (null), the value is null
   * unless given, and {@code help} says what happens then.
   */
  static Argument value(
      ArgumentParser parser, String name, ArgumentType<?> type, String defaultValue, String help) {
    Argument arg = parser.addArgument("--" + name).type(type).metavar("VALUE");
    if (defaultValue == null) {
      return arg.help(help);
    }
    try {
      arg.setDefault(type.convert(parser, arg, defaultValue));
    } catch (ArgumentParserException e) {
      throw new IllegalArgumentException("bad default of --" + name + ": " + e.getMessage(), e);
    }
    return arg.help(help + " (default " + (defaultValue.isEmpty() ? "none" : defaultValue) + ")");
  }

  /** Declares the flag {@code --name}: true when given, else false. */
  static Argument flag(ArgumentParser parser, String name, String help) {
    return parser.addArgument("--" + name).action(Arguments.storeTrue()).help(help);
  }

  /**
   * Parses {@code args}; a {@code --help} prints the usage text and throws a {@link
   * net.sourceforge.argparse4j.helper.HelpScreenException}.
   */
  static Namespace parse(ArgumentParser parser, String[] args) throws ArgumentParserException {
    List<String> joined = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      if (DASHED_VALUES.contains(args[i]) && i + 1 < args.length) {
        joined.add(args[i] + "=" + args[++i]);
      } else {
        joined.add(args[i]);
      }
    }
    return parser.parseArgs(joined.toArray(String[]::new));
  }

  /** A whole number above zero; {@code _} may group digits ({@code 1_000}). */
  static ArgumentType<Integer> positiveInt() {
    return (parser, arg, value) -> {
      try {
        int n = Integer.parseInt(value.replace("_", ""));
        if (n > 0) {
          return n;
        }
        throw error(parser, arg, "must be positive, not " + value);
      } catch (NumberFormatException e) {
        throw error(parser, arg, "must be a whole number, not '" + value + "'");
      }
    };
  }

  /** Any text, as given. */
  static ArgumentType<String> text() {
    return (parser, arg, value) -> value;
  }

  /** A whole number, which may be negative. */
  static ArgumentType<Long> longValue() {
    return (parser, arg, value) -> {
      try {
        return Long.parseLong(value);
      } catch (NumberFormatException e) {
        throw error(parser, arg, "must be a whole number, not '" + value + "'");
      }
    };
  }

  /** A duration ({@code 15s}, {@code 2m}, {@code 1h}); zero is allowed. */
  static ArgumentType<Duration> duration() {
    return (parser, arg, value) -> {
      try {
        return io.dropwizard.util.Duration.parse(value.trim()).toJavaDuration();
      } catch (IllegalArgumentException e) {
        throw error(parser, arg, "must be a duration such as 15s, 10m or 1h, not '" + value + "'");
      }
    };
  }

  /** A comma-separated list, blanks dropped, of at least one value. */
  static ArgumentType<List<String>> list() {
    return (parser, arg, value) -> {
      List<String> out = new ArrayList<>();
      for (String part : value.split(",")) {
        if (!part.isBlank()) {
          out.add(part.trim());
        }
      }
      if (out.isEmpty()) {
        throw error(parser, arg, "must list at least one value");
      }
      return out;
    };
  }

  /** A comma-separated {@link #list()} of some of {@code allowed}, each a {@code what}. */
  static ArgumentType<List<String>> listOf(String what, List<String> allowed) {
    ArgumentType<List<String>> list = list();
    return (parser, arg, value) -> {
      List<String> out = list.convert(parser, arg, value);
      for (String s : out) {
        if (!allowed.contains(s)) {
          throw error(parser, arg, "unknown " + what + " '" + s + "'; use " + allowed);
        }
      }
      return out;
    };
  }

  /** Words split on white space, for JVM options; empty for a blank value. */
  static ArgumentType<List<String>> words() {
    return (parser, arg, value) ->
        value.isBlank() ? List.of() : List.of(value.trim().split("\\s+"));
  }

  private static ArgumentParserException error(
      ArgumentParser parser, Argument arg, String problem) {
    return new ArgumentParserException(problem, parser, arg);
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
