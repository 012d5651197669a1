package io.tidemark.collector.kubelet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

/**
 * A bearer token kept in a file, read again whenever the file's modification time or size changes,
 * so rotated service-account tokens are used without a restart.
 *
 * <p>The token never appears in {@link #toString()}, exceptions or logs.
 *
 * <p>Thread safety: safe from any thread.
 */
final class BearerTokenFile {

  private final Path file;
  private FileTime modified;
  private long size = -1;
  private String token;

  BearerTokenFile(Path file) {
    this.file = file;
  }

  /**
   * The current token.
   *
   * @throws IOException naming the file (never the token) when it cannot be read or is empty
   */
  synchronized String current() throws IOException {
    FileTime nowModified = Files.getLastModifiedTime(file);
    long nowSize = Files.size(file);
    if (token == null || !nowModified.equals(modified) || nowSize != size) {
      String read = Files.readString(file, StandardCharsets.UTF_8).trim();
      if (read.isEmpty()) {
        throw new IOException("the bearer token file " + file + " is empty");
      }
      token = read;
      modified = nowModified;
      size = nowSize;
    }
    return token;
  }

  @Override
  public String toString() {
    return "BearerTokenFile[" + file + "]";
  }
}
