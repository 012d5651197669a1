package io.tidemark.collector.promtext;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Parses the Prometheus text exposition format, version 0.0.4, as Prometheus' own {@code expfmt}
 * parser does in its legacy (non-UTF-8) name mode, straight from bytes.
 *
 * <p>Supported: {@code # HELP} and {@code # TYPE} (once each per family, TYPE before samples),
 * other comments and blank lines, label escapes ({@code \\ \" \n}), trailing commas in label sets,
 * {@code NaN} and {@code ±Inf}, explicit millisecond timestamps, summaries and classic histograms
 * (with {@code quantile} and {@code le} checked as floats, negative histogram counts rejected), and
 * duplicate series, which are counted and skipped (the first one wins). Not supported, and rejected
 * with the line: quoted (UTF-8) metric and label names. Every error names its line.
 *
 * <p>No String is built per line: names and label values come from a cache that survives between
 * payloads, so a parser kept per target allocates next to nothing in the steady state.
 *
 * <p>A long input, such as a file of history, can be read in blocks: {@link #startInput}, then
 * {@link #parseBlock} for each consecutive piece, each ending at a line end, then {@link
 * #endInput}. The blocks are read as one payload (families and line numbers carry over), except
 * that a series may repeat, at later timestamps, and every repetition is sent.
 *
 * <p>Thread safety: not thread-safe; use one parser per thread (or per target).
 */
public final class PromTextParser implements TextParser {

  private static final int MAX_LABELS = 64;

  private final StringCache strings = new StringCache();
  private final FloatReader floats = new FloatReader();
  private final Map<String, Family> families = new HashMap<>();
  private final LongSet seenSeries = new LongSet();
  private final String[] labelNames = new String[MAX_LABELS];
  private final String[] labelValues = new String[MAX_LABELS];
  private byte[] scratch = new byte[256];

  private byte[] buf;
  private int end;
  private int line;

  /** Whether repeated series are sent rather than skipped: reading history in blocks. */
  private boolean history;

  /** What the parser knows of one metric family while reading a payload. */
  private static final class Family {
    MetricType type;
    boolean help;
    boolean samples;
  }

  /**
   * Parses {@code payload[0, length)}, sending every sample to {@code visitor}.
   *
   * @throws PromTextParseException at the first line that is not valid; samples of the lines before
   *     it were already sent
   */
  public Result parse(byte[] payload, int length, SampleVisitor visitor)
      throws PromTextParseException {
    startInput();
    history = false;
    return run(payload, length, visitor);
  }

  /**
   * Starts a new input to be read in blocks with {@link #parseBlock}: forgets the families of the
   * last one and counts lines from 1 again.
   */
  @Override
  public void startInput() {
    line = 1;
    families.clear();
    seenSeries.clear();
  }

  /**
   * Parses {@code block[0, length)}, the next piece of the input started by {@link #startInput}; it
   * must end at a line end (the last piece of an input without a final line feed fails at its last
   * line, as a payload would). A series may repeat and is sent every time.
   *
   * @throws PromTextParseException at the first line that is not valid, numbered from the start of
   *     the input; samples of the lines before it were already sent
   */
  @Override
  public Result parseBlock(byte[] block, int length, SampleVisitor visitor)
      throws PromTextParseException {
    history = true;
    return run(block, length, visitor);
  }

  /**
   * Ends the input started by {@link #startInput}: nothing to check, as a last block without a
   * final line feed already failed at its last line.
   */
  @Override
  public void endInput() {}

  /** The line being read, from 1; during a {@link SampleVisitor} call, the line of that sample. */
  @Override
  public int line() {
    return line;
  }

  private Result run(byte[] payload, int length, SampleVisitor visitor)
      throws PromTextParseException {
    buf = payload;
    end = length;
    int samples = 0;
    int duplicates = 0;
    int pos = 0;
    while (pos < end) {
      int p = skipBlanks(pos);
      if (p >= end) {
        break;
      }
      byte c = buf[p];
      if (c == '\n') {
        line++;
        pos = p + 1;
      } else if (c == '#') {
        pos = comment(p + 1);
      } else {
        pos = sample(p, visitor);
        if (pos < 0) {
          duplicates++;
          pos = -pos;
        } else {
          samples++;
        }
      }
    }
    buf = null;
    return new Result(samples, duplicates);
  }

  /** Parses the whole of {@code payload}, as {@link #parse(byte[], int, SampleVisitor)} does. */
  @Override
  public Result parse(byte[] payload, SampleVisitor visitor) throws PromTextParseException {
    return parse(payload, payload.length, visitor);
  }

  // ---- comments -------------------------------------------------------------------------------

  private int comment(int p) throws PromTextParseException {
    p = skipBlanks(p);
    int tokenEnd = tokenEnd(p);
    boolean help = matches(p, tokenEnd, "HELP");
    boolean type = matches(p, tokenEnd, "TYPE");
    if ((!help && !type) || tokenEnd >= end || buf[tokenEnd] == '\n') {
      return endOfLine(tokenEnd, false);
    }
    p = skipBlanks(tokenEnd);
    if (p >= end) {
      throw error("unexpected end of input stream");
    }
    if (buf[p] == '\n') {
      line++;
      return p + 1; // "# HELP" alone is just a comment
    }
    if (buf[p] == '"') {
      throw error("quoted metric names (UTF-8 names) are not supported");
    }
    int nameEnd = metricNameEnd(p);
    if (nameEnd == p) {
      throw error("invalid metric name in comment");
    }
    if (nameEnd >= end) {
      throw error("unexpected end of input stream");
    }
    if (buf[nameEnd] == '\n') {
      line++;
      return nameEnd + 1;
    }
    if (!isBlank(buf[nameEnd])) {
      throw error("invalid metric name in comment");
    }
    String name = strings.get(buf, p, nameEnd);
    Family family = families.computeIfAbsent(name, n -> new Family());
    p = skipBlanks(nameEnd);
    if (p >= end) {
      throw error("unexpected end of input stream");
    }
    if (buf[p] == '\n') {
      line++;
      return p + 1;
    }
    if (help) {
      if (family.help) {
        throw error("second HELP line for metric name \"" + name + "\"");
      }
      family.help = true;
      return helpText(p);
    }
    if (family.type != null || family.samples) {
      throw error(
          "second TYPE line for metric name \"" + name + "\", or TYPE reported after samples");
    }
    int typeEnd = tokenEnd(p);
    family.type = metricType(p, typeEnd);
    return endOfLine(skipBlanks(typeEnd), true);
  }

  private int helpText(int p) throws PromTextParseException {
    for (; p < end; p++) {
      byte c = buf[p];
      if (c == '\n') {
        line++;
        return p + 1;
      }
      if (c == '\\') {
        if (p + 1 >= end) {
          break;
        }
        byte escaped = buf[++p];
        if (escaped != '\\' && escaped != 'n') {
          throw error("invalid escape sequence '\\" + (char) escaped + "'");
        }
      }
    }
    throw error("unexpected end of input stream");
  }

  private MetricType metricType(int from, int to) throws PromTextParseException {
    String token = new String(buf, from, to - from, StandardCharsets.ISO_8859_1);
    return switch (token.toLowerCase(java.util.Locale.ROOT)) {
      case "counter" -> MetricType.COUNTER;
      case "gauge" -> MetricType.GAUGE;
      case "summary" -> MetricType.SUMMARY;
      case "histogram" -> MetricType.HISTOGRAM;
      case "gaugehistogram", "gauge_histogram" -> MetricType.GAUGE_HISTOGRAM;
      case "untyped" -> MetricType.UNTYPED;
      default -> throw error("unknown metric type \"" + token + "\"");
    };
  }

  // ---- samples --------------------------------------------------------------------------------

  /** Parses one sample line; returns the position after it, negated for a duplicate series. */
  private int sample(int p, SampleVisitor visitor) throws PromTextParseException {
    if (buf[p] == '"' || (buf[p] == '{' && p + 1 < end && buf[p + 1] == '"')) {
      throw error("quoted metric names (UTF-8 names) are not supported");
    }
    int nameEnd = metricNameEnd(p);
    if (nameEnd == p) {
      throw error("invalid metric name");
    }
    String metric = strings.get(buf, p, nameEnd);
    Family family = familyOf(metric, p, nameEnd);
    family.samples = true;
    MetricType type = family.type == null ? MetricType.UNTYPED : family.type;

    int count = 0;
    p = skipBlanks(nameEnd);
    if (p < end && buf[p] == '{') {
      count = labels(p + 1, type, metric);
      p = skipBlanks(position);
    }
    int valueEnd = tokenEnd(p);
    if (valueEnd >= end) {
      throw error("unexpected end of input stream");
    }
    if (valueEnd == p || !floats.read(buf, p, valueEnd)) {
      throw error("expected float as value");
    }
    double value = floats.value();
    checkHistogramCount(type, metric, value);
    long timestamp = SampleVisitor.NO_TIMESTAMP;
    p = skipBlanks(valueEnd);
    if (p >= end) {
      throw error("unexpected end of input stream");
    }
    if (buf[p] != '\n') {
      int tsEnd = tokenEnd(p);
      timestamp = parseTimestamp(p, tsEnd);
      p = skipBlanks(tsEnd);
      if (p >= end) {
        throw error("unexpected end of input stream");
      }
      if (buf[p] != '\n') {
        throw error("spurious string after timestamp");
      }
    }
    if (!history) {
      long identity = metric.hashCode() * 0x9E3779B97F4A7C15L;
      for (int i = 0; i < count; i++) {
        identity += mix(labelNames[i].hashCode() * 31L + labelValues[i].hashCode());
      }
      if (!seenSeries.add(identity)) {
        line++;
        return -(p + 1);
      }
    }
    visitor.sample(metric, type, labelNames, labelValues, count, value, timestamp);
    line++;
    return p + 1;
  }

  private Family familyOf(String metric, int from, int to) {
    Family family = families.get(metric);
    if (family != null) {
      return family;
    }
    int suffix = suffixLength(from, to);
    if (suffix > 0) {
      Family base = families.get(strings.get(buf, from, to - suffix));
      if (base != null && base.type != null) {
        boolean bucket = suffix == "_bucket".length();
        boolean histogram =
            base.type == MetricType.HISTOGRAM || base.type == MetricType.GAUGE_HISTOGRAM;
        if (histogram || (base.type == MetricType.SUMMARY && !bucket)) {
          return base;
        }
      }
    }
    family = new Family();
    families.put(metric, family);
    return family;
  }

  private int suffixLength(int from, int to) {
    for (String suffix : new String[] {"_bucket", "_count", "_sum"}) {
      int n = suffix.length();
      if (to - from > n && matches(to - n, to, suffix)) {
        return n;
      }
    }
    return 0;
  }

  private void checkHistogramCount(MetricType type, String metric, double value)
      throws PromTextParseException {
    if ((type == MetricType.HISTOGRAM || type == MetricType.GAUGE_HISTOGRAM) && value < 0) {
      if (metric.endsWith("_count")) {
        throw error(
            "negative count for histogram \""
                + metric.substring(0, metric.length() - "_count".length())
                + "\"");
      }
      if (metric.endsWith("_bucket")) {
        throw error(
            "negative bucket population for histogram \""
                + metric.substring(0, metric.length() - "_bucket".length())
                + "\"");
      }
    }
  }

  /** Where the label set parsed by {@link #labels} ended. */
  private int position;

  /** Parses a label set after its '{'; returns the label count and sets {@link #position}. */
  private int labels(int p, MetricType type, String metric) throws PromTextParseException {
    int count = 0;
    while (true) {
      p = skipBlanks(p);
      if (p >= end) {
        throw error("unexpected end of input stream");
      }
      if (buf[p] == '}') {
        position = p + 1;
        return count;
      }
      if (buf[p] == '"') {
        throw error("quoted label names (UTF-8 names) are not supported");
      }
      int nameEnd = labelNameEnd(p);
      if (nameEnd == p) {
        throw error("invalid label name for metric \"" + metric + "\"");
      }
      String name = strings.get(buf, p, nameEnd);
      if (name.equals("__name__")) {
        throw error("label name \"__name__\" is reserved");
      }
      for (int i = 0; i < count; i++) {
        if (labelNames[i].equals(name)) {
          throw error("duplicate label names for metric \"" + metric + "\"");
        }
      }
      if (count == MAX_LABELS) {
        throw error("more than " + MAX_LABELS + " labels");
      }
      p = skipBlanks(nameEnd);
      if (p >= end || buf[p] != '=') {
        throw error("expected '=' after label name");
      }
      p = skipBlanks(p + 1);
      if (p >= end || buf[p] != '"') {
        throw error("expected '\"' at start of label value");
      }
      int valueStart = p + 1;
      String value = labelValue(valueStart, name);
      p = position;
      checkSpecialLabel(type, metric, name, valueStart, p - 1);
      labelNames[count] = name;
      labelValues[count] = value;
      count++;
      p = skipBlanks(p);
      if (p < end && buf[p] == ',') {
        p++;
      } else if (p < end && buf[p] == '}') {
        position = p + 1;
        return count;
      } else if (p >= end) {
        throw error("unexpected end of input stream");
      } else {
        throw error("unexpected end of label value");
      }
    }
  }

  /**
   * Checks that a {@code quantile} or {@code le} label is a float, reading the value as it stands
   * in the payload, {@code buf[from, to)}: escapes and all, as no float has a backslash, nor any of
   * the characters escapes stand for.
   */
  private void checkSpecialLabel(MetricType type, String metric, String name, int from, int to)
      throws PromTextParseException {
    boolean quantile = type == MetricType.SUMMARY && name.equals("quantile");
    boolean le =
        (type == MetricType.HISTOGRAM || type == MetricType.GAUGE_HISTOGRAM)
            && name.equals("le")
            && metric.endsWith("_bucket");
    if ((quantile || le) && !floats.read(buf, from, to)) {
      throw error("expected float as value for '" + name + "' label");
    }
  }

  /** Reads a label value after its opening quote; sets {@link #position} after the closing one. */
  private String labelValue(int p, String name) throws PromTextParseException {
    int start = p;
    boolean escaped = false;
    boolean nonAscii = false;
    for (; p < end; p++) {
      byte c = buf[p];
      if (c == '"') {
        break;
      }
      if (c == '\\') {
        escaped = true;
        p++;
        if (p < end && buf[p] != '\\' && buf[p] != '"' && buf[p] != 'n') {
          throw error("invalid escape sequence '\\" + (char) buf[p] + "'");
        }
      } else if (c == '\n') {
        throw error(
            "label value \""
                + new String(buf, start, p - start, StandardCharsets.UTF_8)
                + "\" contains unescaped new-line");
      } else if (c < 0) {
        nonAscii = true;
      }
    }
    if (p >= end) {
      throw error("unexpected end of input stream");
    }
    position = p + 1;
    if (nonAscii && !Utf8.isValid(buf, start, p)) {
      throw error("invalid UTF-8 in the value of label \"" + name + "\"");
    }
    if (!escaped) {
      return strings.get(buf, start, p);
    }
    if (scratch.length < p - start) {
      scratch = new byte[Math.max(scratch.length * 2, p - start)];
    }
    int n = 0;
    for (int i = start; i < p; i++) {
      byte c = buf[i];
      if (c == '\\') {
        byte e = buf[++i];
        scratch[n++] = e == 'n' ? (byte) '\n' : e;
      } else {
        scratch[n++] = c;
      }
    }
    return strings.get(scratch, 0, n);
  }

  // ---- numbers --------------------------------------------------------------------------------

  private long parseTimestamp(int from, int to) throws PromTextParseException {
    int p = from;
    boolean negative = false;
    if (p < to && (buf[p] == '+' || buf[p] == '-')) {
      negative = buf[p] == '-';
      p++;
    }
    if (p == to || to - p > 19) {
      throw error("expected integer as timestamp");
    }
    long value = 0;
    for (; p < to; p++) {
      byte c = buf[p];
      if (c < '0' || c > '9') {
        throw error("expected integer as timestamp");
      }
      value = value * 10 + (c - '0');
      if (value < 0) {
        throw error("expected integer as timestamp");
      }
    }
    return negative ? -value : value;
  }

  // ---- scanning -------------------------------------------------------------------------------

  private int endOfLine(int p, boolean strict) throws PromTextParseException {
    for (; p < end; p++) {
      if (buf[p] == '\n') {
        line++;
        return p + 1;
      }
      if (strict && !isBlank(buf[p])) {
        throw error("unexpected text after the metric type");
      }
    }
    throw error("unexpected end of input stream");
  }

  private int skipBlanks(int p) {
    while (p < end && isBlank(buf[p])) {
      p++;
    }
    return p;
  }

  private int tokenEnd(int p) {
    while (p < end && !isBlank(buf[p]) && buf[p] != '\n') {
      p++;
    }
    return p;
  }

  private int metricNameEnd(int p) {
    if (p >= end || !isNameStart(buf[p]) && buf[p] != ':') {
      return p;
    }
    p++;
    while (p < end && (isNameStart(buf[p]) || buf[p] == ':' || isDigit(buf[p]))) {
      p++;
    }
    return p;
  }

  private int labelNameEnd(int p) {
    if (p >= end || !isNameStart(buf[p])) {
      return p;
    }
    p++;
    while (p < end && (isNameStart(buf[p]) || isDigit(buf[p]))) {
      p++;
    }
    return p;
  }

  private boolean matches(int from, int to, String ascii) {
    if (to - from != ascii.length()) {
      return false;
    }
    for (int i = 0; i < ascii.length(); i++) {
      if (buf[from + i] != ascii.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isBlank(byte c) {
    return c == ' ' || c == '\t';
  }

  private static boolean isNameStart(byte c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  }

  private static boolean isDigit(byte c) {
    return c >= '0' && c <= '9';
  }

  private static long mix(long x) {
    x ^= x >>> 33;
    x *= 0xff51afd7ed558ccdL;
    x ^= x >>> 33;
    x *= 0xc4ceb9fe1a85ec53L;
    return x ^ (x >>> 33);
  }

  private PromTextParseException error(String problem) {
    return new PromTextParseException(line, problem);
  }
}
