package io.tidemark.collector.cli;

import java.io.Serial;

/**
 * A command that could not do its work for a reason the user can act on (a malformed input, an
 * unwritable output): reported as its message alone, and the command exits 1.
 */
final class CommandFailure extends RuntimeException {

  @Serial private static final long serialVersionUID = 1L;

  CommandFailure(String message, Throwable cause) {
    super(message, cause);
  }
}
