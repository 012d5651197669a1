package io.tidemark.query.promql;

import java.io.Serial;

/**
 * A valid query that cannot be answered from the data, like a vector with two elements of the same
 * labels, or many-to-many matching; the HTTP API answers 422 {@code execution}.
 */
public class QueryExecutionException extends RuntimeException {

  @Serial private static final long serialVersionUID = 1L;

  /** A failure described by {@code message}. */
  public QueryExecutionException(String message) {
    super(message);
  }
}
