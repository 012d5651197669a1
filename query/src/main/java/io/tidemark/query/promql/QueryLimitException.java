package io.tidemark.query.promql;

import java.io.Serial;

/** A query that would exceed one of its {@link QueryLimits}; the message names the limit. */
public final class QueryLimitException extends QueryExecutionException {

  @Serial private static final long serialVersionUID = 1L;

  private final String limit;

  /**
   * A query over {@code limit}.
   *
   * @param limit the name of the {@link QueryLimits} component, like {@code maxSamples}
   * @param message what the query would have done
   */
  public QueryLimitException(String limit, String message) {
    super(message + " (limit " + limit + ")");
    this.limit = limit;
  }

  /** The name of the limit, as the {@link QueryLimits} component. */
  public String limit() {
    return limit;
  }
}
