package io.tidemark.tools;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Where a fleet run's results go: {@code result.md} (what it also prints) and {@code result.json}
 * in the output directory, with the children's logs copied under {@code logs/}.
 */
final class Report {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private Report() {}

  /**
   * {@code out} if given, else {@code tools/results/TOOL-yyyyMMdd-HHmmss} (under the working
   * directory), created.
   */
  static Path outputDir(String out, String tool) throws IOException {
    Path dir =
        out != null && !out.isBlank()
            ? Path.of(out)
            : Path.of(
                "tools",
                "results",
                tool
                    + "-"
                    + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    return Files.createDirectories(dir).toAbsolutePath();
  }

  /** Writes {@code markdown} and {@code json} (any Jackson-serializable value) to {@code dir}. */
  static void write(Path dir, String markdown, Object json) throws IOException {
    Files.writeString(dir.resolve("result.md"), markdown);
    JSON.writeValue(dir.resolve("result.json").toFile(), json);
  }

  /** Copies {@code log}, if it exists, to {@code dir}/logs/{@code name}. */
  static void keepLog(Path dir, Path log, String name) throws IOException {
    if (log != null && Files.exists(log)) {
      Path logs = Files.createDirectories(dir.resolve("logs"));
      Files.copy(log, logs.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
