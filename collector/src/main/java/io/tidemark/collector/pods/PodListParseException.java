package io.tidemark.collector.pods;

import java.io.Serial;

/** A {@code /pods} payload that is not a valid {@code v1 PodList}. */
public final class PodListParseException extends Exception {

  @Serial private static final long serialVersionUID = 1L;

  PodListParseException(String message, Throwable cause) {
    super(message, cause);
  }
}
