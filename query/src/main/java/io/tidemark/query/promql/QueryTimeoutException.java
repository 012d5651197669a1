package io.tidemark.query.promql;

import java.io.Serial;

/** A query that ran out of time; the HTTP API answers 503 {@code timeout}, as Prometheus does. */
public final class QueryTimeoutException extends RuntimeException {

  @Serial private static final long serialVersionUID = 1L;

  /** A timeout described by {@code message}. */
  public QueryTimeoutException(String message) {
    super(message);
  }
}
