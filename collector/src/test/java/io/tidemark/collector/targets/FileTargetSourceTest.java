package io.tidemark.collector.targets;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.config.TargetSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTargetSourceTest {

  @TempDir Path dir;

  private void write(Path file, String text, int secondsFromEpoch) throws Exception {
    Files.writeString(file, text);
    // Explicit times: a rewrite within one file-system tick must still count as a change.
    Files.setLastModifiedTime(file, FileTime.from(Instant.ofEpochSecond(secondsFromEpoch)));
  }

  @Test
  void readsYamlAndRereadsWhenTheFileChanges() throws Exception {
    Path file = dir.resolve("targets.yml");
    write(file, "- node: a\n  url: http://127.0.0.1:1/a\n", 1000);
    FileTargetSource source = new FileTargetSource(file);

    assertThat(source.current()).extracting(TargetSpec::node).containsExactly("a");

    write(
        file,
        "[{\"node\": \"a\", \"url\": \"http://127.0.0.1:1/a\"},"
            + " {\"node\": \"b\", \"url\": \"https://127.0.0.1:2\"}]",
        2000);

    assertThat(source.current()).extracting(TargetSpec::node).containsExactly("a", "b");
    assertThat(source.lastError()).isNull();
  }

  @Test
  void keepsTheLastGoodListWhenTheFileBreaks() throws Exception {
    Path file = dir.resolve("targets.yml");
    write(file, "- node: a\n  url: http://127.0.0.1:1/a\n", 1000);
    FileTargetSource source = new FileTargetSource(file);
    source.current();

    write(file, "- node: a\n  url: ftp://nope\n", 2000);

    assertThat(source.current()).extracting(TargetSpec::node).containsExactly("a");
    assertThat(source.lastError())
        .contains(file.toString())
        .contains("must start with http:// or https://")
        .contains("keeping the previous 1 targets");
  }

  @Test
  void reportsAMissingFileAndServesNothingUntilItAppears() throws Exception {
    Path file = dir.resolve("later.yml");
    FileTargetSource source = new FileTargetSource(file);

    assertThat(source.current()).isEmpty();
    assertThat(source.lastError()).contains("does not exist");

    write(file, "- node: z\n  url: http://127.0.0.1:9\n", 3000);
    assertThat(source.current()).extracting(TargetSpec::node).containsExactly("z");
  }

  @Test
  void rejectsAFileListingANodeTwice() throws Exception {
    Path file = dir.resolve("targets.yml");
    write(file, "- {node: a, url: 'http://h:1'}\n- {node: a, url: 'http://h:2'}\n", 1000);

    assertThat(new FileTargetSource(file).current()).isEmpty();
  }
}
