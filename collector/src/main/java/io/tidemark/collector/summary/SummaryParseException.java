package io.tidemark.collector.summary;

import java.io.Serial;

/** A {@code /stats/summary} payload that is not valid JSON of the expected shape. */
public final class SummaryParseException extends Exception {

  @Serial private static final long serialVersionUID = 1L;

  SummaryParseException(String message, Throwable cause) {
    super(message, cause);
  }
}
