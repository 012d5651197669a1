package io.tidemark.query.promql;

import java.io.Serial;

/**
 * A query that is not valid PromQL, or uses a part of the language Tidemark does not support.
 *
 * <p>The message reads like {@code parse error at char 12: unexpected "}"}; {@link #position()} is
 * the 1-based character where the problem was found.
 */
public final class PromQlParseException extends RuntimeException {

  @Serial private static final long serialVersionUID = 1L;

  private final int position;
  private final String detail;

  /**
   * A parse error.
   *
   * @param offset the 0-based offset of the offending character in the query
   * @param detail what was wrong, without the position
   */
  public PromQlParseException(int offset, String detail) {
    super("parse error at char " + (offset + 1) + ": " + detail);
    this.position = offset + 1;
    this.detail = detail;
  }

  /** The 1-based character position of the error. */
  public int position() {
    return position;
  }

  /** What was wrong, without the position. */
  public String detail() {
    return detail;
  }
}
