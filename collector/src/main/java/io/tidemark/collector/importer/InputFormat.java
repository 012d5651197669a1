package io.tidemark.collector.importer;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** The text formats {@link Importer} reads. */
public enum InputFormat {
  /** The Prometheus text format 0.0.4, timestamps in milliseconds. */
  PROMETHEUS,
  /** OpenMetrics 1.0 text, timestamps in seconds, ending with {@code # EOF}. */
  OPENMETRICS;

  /** Timestamps from here on read as milliseconds (1973), below as seconds (year 5138). */
  private static final double MILLISECONDS_FROM = 1e11;

  /**
   * The format by name, {@code prometheus} or {@code openmetrics}, in any case.
   *
   * @throws IllegalArgumentException naming the formats for another name
   */
  public static InputFormat of(String name) {
    try {
      return valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "unknown format \"" + name + "\"; expected prometheus or openmetrics", e);
    }
  }

  /**
   * The format of an input, judged from its beginning: OpenMetrics when a line is {@code # EOF} or
   * {@code # UNIT ...}, or declares a type only OpenMetrics has ({@code unknown}, {@code info},
   * {@code stateset}), or when the first timestamp has a fraction or an exponent or is below 1e11
   * (seconds); Prometheus text when that timestamp is an integer of 1e11 or more (milliseconds);
   * Prometheus text when nothing tells.
   */
  static InputFormat sniff(byte[] buf, int length) {
    String text = new String(buf, 0, length, StandardCharsets.ISO_8859_1);
    for (String line : text.split("\n")) {
      if (line.startsWith("#")) {
        String[] words = line.split("[ \t]+");
        boolean omType =
            words.length >= 4
                && words[1].equals("TYPE")
                && (words[3].equals("unknown")
                    || words[3].equals("info")
                    || words[3].equals("stateset"));
        if (line.equals("# EOF") || line.startsWith("# UNIT ") || omType) {
          return OPENMETRICS;
        }
        continue;
      }
      String timestamp = timestampToken(line);
      if (timestamp == null) {
        continue;
      }
      if (timestamp.indexOf('.') >= 0
          || timestamp.indexOf('e') >= 0
          || timestamp.indexOf('E') >= 0) {
        return OPENMETRICS;
      }
      try {
        return Math.abs(Double.parseDouble(timestamp)) >= MILLISECONDS_FROM
            ? PROMETHEUS
            : OPENMETRICS;
      } catch (NumberFormatException e) {
        return PROMETHEUS; // not a timestamp: the parser will say what is wrong
      }
    }
    return PROMETHEUS;
  }

  /** The token after the value of a sample line, or {@code null} when there is none. */
  private static String timestampToken(String line) {
    int p = 0;
    int n = line.length();
    while (p < n && line.charAt(p) != '{' && line.charAt(p) != ' ' && line.charAt(p) != '\t') {
      p++;
    }
    if (p < n && line.charAt(p) == '{') {
      boolean quoted = false;
      for (p++; p < n; p++) {
        char c = line.charAt(p);
        if (quoted && c == '\\') {
          p++;
        } else if (c == '"') {
          quoted = !quoted;
        } else if (c == '}' && !quoted) {
          p++;
          break;
        }
      }
    }
    String[] tokens = line.substring(Math.min(p, n)).trim().split("[ \t]+");
    return tokens.length >= 2 && !tokens[1].equals("#") ? tokens[1] : null;
  }
}
