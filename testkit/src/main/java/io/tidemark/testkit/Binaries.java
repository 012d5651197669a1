package io.tidemark.testkit;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the real programs tests run against ({@code promtool}, {@code prometheus}, {@code
 * victoria-metrics}, {@code kubectl}) on {@code PATH}.
 */
public final class Binaries {

  private Binaries() {}

  /** The first executable {@code name} on {@code PATH}, if any. */
  public static Optional<Path> onPath(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String entry : path.split(File.pathSeparator)) {
      if (entry.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(entry, name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
