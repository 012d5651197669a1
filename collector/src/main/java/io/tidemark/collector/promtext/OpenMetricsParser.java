package io.tidemark.collector.promtext;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the OpenMetrics 1.0 text format, the form a kubelet answers with when a client asks for
 * {@code application/openmetrics-text}.
 *
 * <p>Tidemark asks kubelets for the 0.0.4 format, which {@link PromTextParser} reads on the hot
 * path; this parser is for payloads that arrive as OpenMetrics anyway, so it favours a plain,
 * line-at-a-time reading of the specification over speed. It checks: {@code # EOF} last and
 * required, no blank lines or free comments, single-space separators, metadata ({@code HELP},
 * {@code TYPE}, {@code UNIT}) once per family and before its samples, families not interleaved,
 * sample names allowed for the family's type ({@code _total}, {@code _created}, {@code _bucket},
 * {@code _gcount}, {@code _info}, ...), required {@code le} and {@code quantile} labels, counter,
 * histogram, info and stateset values, timestamps in (float) seconds, and exemplars (only on
 * counter totals and buckets, labels of at most 128 characters).
 *
 * <p>Samples reach the visitor with millisecond timestamps. A long input, such as a file of
 * history, can be read in blocks of whole lines: {@link #startInput}, {@link #parseBlock} for each
 * block, {@link #endInput}; the checks are those of a whole payload. No series is skipped as a
 * duplicate, so {@link Result#duplicates} is always 0.
 *
 * <p>Thread safety: not thread-safe; use one parser per thread.
 */
public final class OpenMetricsParser implements TextParser {

  private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
  private static final Map<String, MetricType> TYPES =
      Map.of(
          "counter", MetricType.COUNTER,
          "gauge", MetricType.GAUGE,
          "histogram", MetricType.HISTOGRAM,
          "gaugehistogram", MetricType.GAUGE_HISTOGRAM,
          "summary", MetricType.SUMMARY,
          "unknown", MetricType.UNTYPED,
          "info", MetricType.UNTYPED,
          "stateset", MetricType.UNTYPED);

  /** One family while reading. */
  private static final class Family {
    final String name;
    String type = "unknown";
    boolean help;
    boolean typed;
    boolean unit;
    boolean samples;
    final Set<String> groups = new HashSet<>();
    String lastGroup;

    Family(String name) {
      this.name = name;
    }
  }

  private final Map<String, Family> families = new HashMap<>();
  private final FloatReader floats = new FloatReader();
  private byte[] floatBytes = new byte[32];
  private final Set<String> closed = new HashSet<>();
  private Family current;
  private int line;

  /** The line of {@code # EOF}, once read; 0 before. */
  private int eofLine;

  private final CharsetDecoder utf8 =
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);

  /**
   * Parses a whole payload, which must be valid UTF-8 and end with {@code # EOF}.
   *
   * @throws PromTextParseException at the first line that breaks the format, naming it
   */
  @Override
  public Result parse(byte[] payload, SampleVisitor visitor) throws PromTextParseException {
    startInput();
    String text;
    try {
      text = utf8.reset().decode(ByteBuffer.wrap(payload)).toString();
    } catch (CharacterCodingException e) {
      throw new PromTextParseException(1, "the payload is not valid UTF-8");
    }
    String[] lines = text.split("\n", -1);
    // The empty string after the line feed that ends the last line is no line of its own.
    int count = lines[lines.length - 1].isEmpty() ? lines.length - 1 : lines.length;
    int samples = 0;
    for (int i = 0; i < count; i++) {
      line = i + 1;
      if (line(lines[i], visitor)) {
        samples++;
      }
    }
    if (eofLine == 0) {
      throw new PromTextParseException(lines.length, "missing # EOF");
    }
    return new Result(samples, 0);
  }

  /** Starts a new input to be read with {@link #parseBlock}, forgetting the last one. */
  @Override
  public void startInput() {
    families.clear();
    closed.clear();
    current = null;
    line = 0;
    eofLine = 0;
  }

  /**
   * Parses {@code block[0, length)}, the next lines of the input started by {@link #startInput};
   * the block ends at a line end, unless it is the last one and the input has no final line feed.
   *
   * @throws PromTextParseException when a line breaks the format, naming its line number
   */
  @Override
  public Result parseBlock(byte[] block, int length, SampleVisitor visitor)
      throws PromTextParseException {
    int samples = 0;
    int start = 0;
    for (int i = 0; i < length; i++) {
      if (block[i] == '\n') {
        if (parseLine(block, start, i, visitor)) {
          samples++;
        }
        start = i + 1;
      }
    }
    if (start < length && parseLine(block, start, length, visitor)) {
      samples++; // the last line, without a line feed
    }
    return new Result(samples, 0);
  }

  /**
   * Parses the next line of the input: {@code buf[from, to)}, without its line feed.
   *
   * @return whether the line was a sample (sent to {@code visitor})
   */
  private boolean parseLine(byte[] buf, int from, int to, SampleVisitor visitor)
      throws PromTextParseException {
    line++;
    String text;
    try {
      text = utf8.reset().decode(ByteBuffer.wrap(buf, from, to - from)).toString();
    } catch (CharacterCodingException e) {
      throw error("the line is not valid UTF-8");
    }
    return line(text, visitor);
  }

  /**
   * Ends the input started by {@link #startInput}.
   *
   * @throws PromTextParseException when it did not end with {@code # EOF}
   */
  @Override
  public void endInput() throws PromTextParseException {
    if (eofLine == 0) {
      throw new PromTextParseException(line + 1, "missing # EOF");
    }
  }

  /** The line being read, from 1; during a {@link SampleVisitor} call, the line of that sample. */
  @Override
  public int line() {
    return line;
  }

  private boolean line(String l, SampleVisitor visitor) throws PromTextParseException {
    if (eofLine != 0) {
      throw new PromTextParseException(eofLine, "text after # EOF");
    }
    if (l.equals("# EOF")) {
      eofLine = line;
      return false;
    }
    if (l.isEmpty()) {
      throw error("blank line");
    }
    if (l.startsWith("#")) {
      metadata(l);
      return false;
    }
    sample(l, visitor);
    return true;
  }

  private void metadata(String l) throws PromTextParseException {
    String[] parts = l.split(" ", 4);
    if (parts.length < 3 || !parts[0].equals("#")) {
      throw error("invalid metadata line");
    }
    String kind = parts[1];
    String name = parts[2];
    if (!NAME.matcher(name).matches()) {
      throw error("invalid metric name in " + kind);
    }
    Family family = enter(name);
    if (family.samples) {
      throw error(kind + " for " + name + " after its samples");
    }
    String rest = parts.length == 4 ? parts[3] : null;
    switch (kind) {
      case "HELP" -> {
        if (family.help) {
          throw error("second HELP for " + name);
        }
        if (rest == null) {
          throw error("HELP without text");
        }
        family.help = true;
      }
      case "TYPE" -> {
        if (family.typed) {
          throw error("second TYPE for " + name);
        }
        if (rest == null || !TYPES.containsKey(rest)) {
          throw error("unknown metric type " + rest);
        }
        family.type = rest;
        family.typed = true;
      }
      case "UNIT" -> {
        if (family.unit) {
          throw error("second UNIT for " + name);
        }
        if (rest == null || (!rest.isEmpty() && !name.endsWith("_" + rest))) {
          throw error("the unit must be the suffix of the metric name");
        }
        family.unit = true;
      }
      default -> throw error("unknown metadata " + kind);
    }
  }

  /** Makes {@code name} the current family; a family cannot come back once another started. */
  private Family enter(String name) throws PromTextParseException {
    if (current != null && current.name.equals(name)) {
      return current;
    }
    if (closed.contains(name)) {
      throw error("metric family " + name + " is interleaved with another");
    }
    if (current != null) {
      closed.add(current.name);
    }
    current = families.computeIfAbsent(name, Family::new);
    return current;
  }

  private void sample(String l, SampleVisitor visitor) throws PromTextParseException {
    Matcher name = NAME.matcher(l);
    if (!name.lookingAt()) {
      throw error("invalid metric name");
    }
    String metric = name.group();
    int p = name.end();
    List<String> labelNames = new ArrayList<>();
    List<String> labelValues = new ArrayList<>();
    if (p < l.length() && l.charAt(p) == '{') {
      p = labels(l, p + 1, labelNames, labelValues);
    }
    if (p >= l.length() || l.charAt(p) != ' ') {
      throw error("expected one space before the value");
    }
    String[] fields = l.substring(p + 1).split(" # ", 2);
    String[] valueAndTime = fields[0].split(" ", -1);
    if (valueAndTime.length > 2 || !readFloat(valueAndTime[0])) {
      throw error("invalid value");
    }
    double value = floats.value();
    long timestamp = SampleVisitor.NO_TIMESTAMP;
    if (valueAndTime.length == 2) {
      if (!readFiniteFloat(valueAndTime[1])) {
        throw error("invalid timestamp");
      }
      timestamp = Math.round(floats.value() * 1000);
    }
    Family family = familyOf(metric);
    family.samples = true;
    String suffix = metric.substring(family.name.length());
    checkSample(family, suffix, labelNames, labelValues, value);
    checkGrouping(family, labelNames, labelValues);
    if (fields.length == 2) {
      exemplar(family, suffix, fields[1]);
    } else if (fields[0].contains("#")) {
      throw error("invalid exemplar");
    }
    visitor.sample(
        metric,
        TYPES.get(family.type),
        labelNames.toArray(String[]::new),
        labelValues.toArray(String[]::new),
        labelNames.size(),
        value,
        timestamp);
  }

  /** The samples of one label set (le and quantile aside) of a family are contiguous. */
  private void checkGrouping(Family family, List<String> names, List<String> values)
      throws PromTextParseException {
    StringBuilder key = new StringBuilder();
    for (int i = 0; i < names.size(); i++) {
      if (!names.get(i).equals("le") && !names.get(i).equals("quantile")) {
        key.append(names.get(i)).append('=').append(values.get(i)).append('\u0000');
      }
    }
    String group = key.toString();
    if (!group.equals(family.lastGroup)) {
      if (!family.groups.add(group)) {
        throw error("the samples of one label set of " + family.name + " are not together");
      }
      family.lastGroup = group;
    }
  }

  private Family familyOf(String metric) throws PromTextParseException {
    for (String suffix :
        new String[] {
          "_total", "_created", "_bucket", "_count", "_sum", "_gcount", "_gsum", "_info"
        }) {
      if (metric.endsWith(suffix)) {
        Family base = families.get(metric.substring(0, metric.length() - suffix.length()));
        if (base != null && base.typed && allowed(base.type, suffix)) {
          return enter(base.name);
        }
      }
    }
    return enter(metric);
  }

  private static boolean allowed(String type, String suffix) {
    return switch (type) {
      case "counter" -> suffix.equals("_total") || suffix.equals("_created");
      case "histogram" -> Set.of("_bucket", "_count", "_sum", "_created").contains(suffix);
      case "gaugehistogram" -> Set.of("_bucket", "_gcount", "_gsum").contains(suffix);
      case "summary" -> Set.of("_count", "_sum", "_created").contains(suffix);
      case "info" -> suffix.equals("_info");
      default -> false;
    };
  }

  private void checkSample(
      Family family, String suffix, List<String> names, List<String> values, double value)
      throws PromTextParseException {
    String type = family.type;
    boolean plain = suffix.isEmpty();
    switch (type) {
      case "counter" -> {
        if (plain) {
          throw error("a counter's samples are named _total or _created");
        }
        if (suffix.equals("_total") && (Double.isNaN(value) || value < 0)) {
          throw error("a counter total must be a non-negative number");
        }
      }
      case "histogram", "gaugehistogram" -> {
        if (plain) {
          throw error("invalid sample name for a histogram");
        }
        if (suffix.equals("_bucket")) {
          int le = names.indexOf("le");
          if (le < 0 || !readFloat(values.get(le))) {
            throw error("a bucket needs a float le label");
          }
        }
        if (!suffix.equals("_sum")
            && !suffix.equals("_gsum")
            && !suffix.equals("_created")
            && (Double.isNaN(value) || value < 0)) {
          throw error("negative count in a histogram");
        }
        if ((suffix.equals("_sum") || suffix.equals("_gsum")) && Double.isNaN(value)) {
          throw error("a histogram sum must be a number");
        }
      }
      case "summary" -> {
        if (plain) {
          int q = names.indexOf("quantile");
          if (q < 0 || !readFloat(values.get(q))) {
            throw error("a summary quantile needs a float quantile label");
          }
          double quantile = floats.value();
          if (!(quantile >= 0 && quantile <= 1)) {
            throw error("a quantile must be between 0 and 1");
          }
        }
      }
      case "info" -> {
        if (value != 1) {
          throw error("an info value must be 1");
        }
      }
      case "stateset" -> {
        if (value != 0 && value != 1) {
          throw error("a stateset value must be 0 or 1");
        }
        if (!names.contains(family.name)) {
          throw error("a stateset needs a label named after the metric");
        }
      }
      default -> {
        if (!plain && families.containsKey(family.name) && family.typed) {
          throw error("invalid sample name");
        }
      }
    }
  }

  private void exemplar(Family family, String suffix, String text) throws PromTextParseException {
    boolean allowed =
        (family.type.equals("counter") && suffix.equals("_total"))
            || ((family.type.equals("histogram") || family.type.equals("gaugehistogram"))
                && suffix.equals("_bucket"));
    if (!allowed) {
      throw error("exemplars are allowed on counter totals and histogram buckets only");
    }
    if (!text.startsWith("{")) {
      throw error("invalid exemplar");
    }
    List<String> names = new ArrayList<>();
    List<String> values = new ArrayList<>();
    int p = labels(text, 1, names, values);
    int length = 0;
    for (int i = 0; i < names.size(); i++) {
      length += names.get(i).codePointCount(0, names.get(i).length());
      length += values.get(i).codePointCount(0, values.get(i).length());
    }
    if (length > 128) {
      throw error("exemplar labels longer than 128 characters");
    }
    if (p >= text.length() || text.charAt(p) != ' ') {
      throw error("invalid exemplar");
    }
    String[] rest = text.substring(p + 1).split(" ", -1);
    if (rest.length > 2 || !readFloat(rest[0])) {
      throw error("invalid exemplar value");
    }
    if (rest.length == 2 && !readFiniteFloat(rest[1])) {
      throw error("invalid exemplar timestamp");
    }
  }

  /** Reads a label set after its '{'; returns the position after the '}'. */
  private int labels(String l, int p, List<String> names, List<String> values)
      throws PromTextParseException {
    if (p < l.length() && l.charAt(p) == '}') {
      return p + 1;
    }
    while (true) {
      Matcher name = LABEL_NAME.matcher(l).region(p, l.length());
      if (!name.lookingAt()) {
        throw error("invalid label name");
      }
      String labelName = name.group();
      if (names.contains(labelName)) {
        throw error("duplicate label " + labelName);
      }
      p = name.end();
      if (!l.startsWith("=\"", p)) {
        throw error("expected =\" after label name");
      }
      p += 2;
      StringBuilder value = new StringBuilder();
      while (p < l.length() && l.charAt(p) != '"') {
        char c = l.charAt(p);
        if (c == '\\' && p + 1 < l.length()) {
          // \\, \" and \n are escapes; any other backslash stands for itself.
          char e = l.charAt(p + 1);
          if (e == 'n' || e == '\\' || e == '"') {
            value.append(e == 'n' ? '\n' : e);
            p += 2;
          } else {
            value.append(c);
            p++;
          }
        } else {
          value.append(c);
          p++;
        }
      }
      if (p >= l.length()) {
        throw error("unterminated label value");
      }
      names.add(labelName);
      values.add(value.toString());
      p++;
      if (p < l.length() && l.charAt(p) == '}') {
        return p + 1;
      }
      if (p + 1 < l.length() && l.charAt(p) == ',' && l.charAt(p + 1) != '}') {
        p++;
        continue;
      }
      throw error("expected , or } after a label");
    }
  }

  /**
   * Reads an OpenMetrics float into {@link #floats}: what {@link FloatReader} accepts, except that
   * the special values must be spelled {@code Inf}, {@code +Inf}, {@code -Inf} or {@code NaN}
   * exactly.
   */
  private boolean readFloat(String text) {
    int n = text.length();
    if (n == 0) {
      return false;
    }
    if (floatBytes.length < n) {
      floatBytes = new byte[Math.max(floatBytes.length * 2, n)];
    }
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (c > 0x7f) {
        return false; // no float has a character beyond ASCII
      }
      floatBytes[i] = (byte) c;
    }
    if (!floats.read(floatBytes, 0, n)) {
      return false;
    }
    return isDecimal(text)
        || text.equals("Inf")
        || text.equals("+Inf")
        || text.equals("-Inf")
        || text.equals("NaN");
  }

  /**
   * Reads a float spelled as a decimal, not {@code Inf} or {@code NaN} (a timestamp), into {@link
   * #floats}.
   */
  private boolean readFiniteFloat(String text) {
    return readFloat(text) && isDecimal(text);
  }

  /**
   * Whether a text {@link FloatReader} accepted is a decimal: only a decimal ends in a digit or a
   * point.
   */
  private static boolean isDecimal(String text) {
    char last = text.charAt(text.length() - 1);
    return last == '.' || (last >= '0' && last <= '9');
  }

  private PromTextParseException error(String problem) {
    return new PromTextParseException(line, problem);
  }
}
