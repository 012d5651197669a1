package io.tidemark.collector.kubelet;

import java.io.Serial;

/** A kubelet request that did not produce a usable body; the message says why, for people. */
public final class FetchException extends Exception {

  @Serial private static final long serialVersionUID = 1L;

  FetchException(String message, Throwable cause) {
    super(message, cause);
  }
}
