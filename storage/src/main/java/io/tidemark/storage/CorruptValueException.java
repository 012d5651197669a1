package io.tidemark.storage;

import java.io.Serial;

/**
 * A stored key or value does not decode: the store names the layout and the key, and the rest of
 * the store stays readable.
 */
public class CorruptValueException extends StorageException {

  @Serial private static final long serialVersionUID = 1L;

  private final String layout;
  private final String key;

  /**
   * A corrupt entry.
   *
   * @param layout the named layout the entry was read as, for example {@code SeriesLabels/1}
   * @param key a printable form of the key
   * @param problem what did not decode
   */
  public CorruptValueException(String layout, String key, String problem) {
    super("corrupt " + layout + " entry at key " + key + ": " + problem);
    this.layout = layout;
    this.key = key;
  }

  /** The layout the entry was read as. */
  public String layout() {
    return layout;
  }

  /** A printable form of the key. */
  public String key() {
    return key;
  }
}
