package io.tidemark.collector.promtext;

import java.io.Serial;

/** Input that is not valid Prometheus text; the message names the line. */
public final class PromTextParseException extends Exception {

  @Serial private static final long serialVersionUID = 1L;

  private final int line;

  PromTextParseException(int line, String problem) {
    super("text format parsing error in line " + line + ": " + problem);
    this.line = line;
  }

  /** The 1-based line the problem was found on. */
  public int line() {
    return line;
  }
}
