package io.tidemark.config;

import java.io.Serial;

/**
 * A configured value that passed validation but cannot be used at start-up: a file it names cannot
 * be read, a directory is locked by another process. The message starts with the full key.
 */
public final class InvalidSettingException extends IllegalArgumentException {

  @Serial private static final long serialVersionUID = 1L;

  /**
   * A problem with the value of {@code key}.
   *
   * @param key the full configuration key, for example {@code scrape.tls.caFile}
   * @param problem what is wrong with its value
   */
  public InvalidSettingException(String key, String problem, Throwable cause) {
    super(key + ": " + problem, cause);
  }
}
