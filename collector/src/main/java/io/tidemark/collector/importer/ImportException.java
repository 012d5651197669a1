package io.tidemark.collector.importer;

import java.io.Serial;

/**
 * An input that cannot be imported: malformed at a line, or a sample the store cannot take as it
 * is. Whatever was read before the line was stored; {@link #result()} counts it.
 */
public final class ImportException extends Exception {

  @Serial private static final long serialVersionUID = 1L;

  private final String input;
  private final int line;
  private final transient ImportResult result;

  ImportException(String input, int line, String problem, ImportResult result, Throwable cause) {
    super(input + ", line " + line + ": " + problem, cause);
    this.input = input;
    this.line = line;
    this.result = result;
  }

  /** The name of the input, as given to {@link Importer#importStream}. */
  public String input() {
    return input;
  }

  /** The 1-based line of the problem. */
  public int line() {
    return line;
  }

  /** What was imported from this input before the problem. */
  public ImportResult result() {
    return result;
  }
}
