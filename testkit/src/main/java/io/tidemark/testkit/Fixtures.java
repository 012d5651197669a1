package io.tidemark.testkit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates the shared third-party kubelet payloads. They stay where they are: tests read them in
 * place and never copy them into the project.
 *
 * <p>The folder is the system property {@code tidemark.fixtures} (the build sets it to {@code
 * ../shared/fixtures} beside the checkout), else {@code ../shared/fixtures} relative to the working
 * directory's parent chain. Where it is absent, {@link #require} marks the calling test skipped and
 * says why.
 */
public final class Fixtures {

  private Fixtures() {}

  /** The fixture at {@code relative} inside the fixtures folder; skips the test without it. */
  public static Path require(String relative) {
    Path root = root();
    assumeTrue(
        root != null,
        "shared fixtures folder not found (set -Dtidemark.fixtures=DIR); skipping " + relative);
    Path file = root.resolve(relative);
    assumeTrue(Files.exists(file), "fixture " + file + " not found; skipping");
    return file;
  }

  /** The fixtures folder, or {@code null} when it cannot be found. */
  public static Path root() {
    String property = System.getProperty("tidemark.fixtures");
    if (property != null && !property.isBlank() && Files.isDirectory(Path.of(property))) {
      return Path.of(property).toAbsolutePath().normalize();
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("../shared/fixtures").normalize();
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    return null;
  }
}
