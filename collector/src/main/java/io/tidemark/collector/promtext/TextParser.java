package io.tidemark.collector.promtext;

/**
 * A parser of a text exposition format, Prometheus text 0.0.4 ({@link PromTextParser}) or
 * OpenMetrics 1.0 ({@link OpenMetricsParser}), sending each sample to a {@link SampleVisitor}.
 *
 * <p>It reads either a whole payload ({@link #parse}) or a long input, such as a file of history,
 * in blocks of whole lines: {@link #startInput}, {@link #parseBlock} for each consecutive block,
 * {@link #endInput}. Samples reach the visitor in input order with millisecond timestamps; the
 * samples of the lines before a malformed one have been sent when the exception is thrown. A parser
 * may be reused for any number of payloads and inputs, one at a time, and keeps caches between
 * them.
 *
 * <p>Thread safety: implementations are not thread-safe; use one parser per thread.
 */
public interface TextParser {

  /** The outcome of a payload or a block: samples sent, and duplicate series skipped. */
  record Result(int samples, int duplicates) {}

  /** The text formats there is a parser for. */
  enum Format {
    /** Prometheus text 0.0.4, read by {@link PromTextParser}. */
    PROMETHEUS_TEXT,
    /** OpenMetrics 1.0 text, read by {@link OpenMetricsParser}. */
    OPENMETRICS;

    private static final String OPENMETRICS_TYPE = "application/openmetrics-text";

    /**
     * The format of a payload sent with the HTTP {@code Content-Type} {@code contentType}:
     * OpenMetrics for {@code application/openmetrics-text} (any parameters, any case), Prometheus
     * text for anything else, an absent ({@code null}) or empty type included.
     */
    public static Format ofContentType(String contentType) {
      if (contentType == null) {
        return PROMETHEUS_TEXT;
      }
      int start = 0;
      while (start < contentType.length() && Character.isWhitespace(contentType.charAt(start))) {
        start++;
      }
      // Once per scrape: compared in place, without a lower-cased copy of the header.
      return contentType.regionMatches(true, start, OPENMETRICS_TYPE, 0, OPENMETRICS_TYPE.length())
          ? OPENMETRICS
          : PROMETHEUS_TEXT;
    }

    /** A new parser of this format. */
    public TextParser newParser() {
      return switch (this) {
        case PROMETHEUS_TEXT -> new PromTextParser();
        case OPENMETRICS -> new OpenMetricsParser();
      };
    }
  }

  /**
   * Parses the whole of {@code payload}, sending every sample to {@code visitor}.
   *
   * @throws PromTextParseException at the first line that is not valid, naming it
   */
  Result parse(byte[] payload, SampleVisitor visitor) throws PromTextParseException;

  /** Starts a new input to be read with {@link #parseBlock}, forgetting the last one. */
  void startInput();

  /**
   * Parses {@code block[0, length)}, the next piece of the input started by {@link #startInput}; it
   * must end at a line end, unless it is the last piece (which, without a final line feed, fails as
   * a payload would). The blocks read as one payload (families and line numbers carry over), except
   * that a series may repeat, at later timestamps, and every repetition is sent.
   *
   * @throws PromTextParseException at the first line that is not valid, numbered from the start of
   *     the input
   */
  Result parseBlock(byte[] block, int length, SampleVisitor visitor) throws PromTextParseException;

  /**
   * Ends the input started by {@link #startInput}.
   *
   * @throws PromTextParseException when the format requires something at the end that is missing
   *     (OpenMetrics' {@code # EOF})
   */
  void endInput() throws PromTextParseException;

  /** The line being read, from 1; during a {@link SampleVisitor} call, the line of that sample. */
  int line();
}
