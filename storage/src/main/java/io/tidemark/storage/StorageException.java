package io.tidemark.storage;

import java.io.Serial;

/** A failure of the store: it could not be opened, read or written. */
public class StorageException extends RuntimeException {

  @Serial private static final long serialVersionUID = 1L;

  /** A failure described by {@code message}. */
  public StorageException(String message) {
    super(message);
  }

  /** A failure described by {@code message}, caused by {@code cause}. */
  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }
}
