package io.tidemark.collector.targets;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.tidemark.config.TargetSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Targets from a YAML or JSON file holding a list of {@code {node, url}}, read again whenever its
 * modification time or size changes.
 *
 * <p>A file that cannot be read or parsed leaves the last good list in force (nothing is dropped
 * because of a typo) and is reported once, with the reason, until it changes again.
 *
 * <p>Thread safety: safe from any thread.
 */
public final class FileTargetSource implements TargetSource {

  private static final Logger LOG = LoggerFactory.getLogger(FileTargetSource.class);
  private static final TypeReference<List<TargetSpec>> LIST = new TypeReference<>() {};

  private final Path file;
  private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
  private FileTime modified;
  private long size = -1;
  private List<TargetSpec> targets = List.of();
  private String lastError;

  /** A source reading {@code file}; nothing is read until {@link #current()}. */
  public FileTargetSource(Path file) {
    this.file = Objects.requireNonNull(file, "file");
  }

  @Override
  public synchronized List<TargetSpec> current() {
    FileTime nowModified;
    long nowSize;
    try {
      nowModified = Files.getLastModifiedTime(file);
      nowSize = Files.size(file);
    } catch (NoSuchFileException e) {
      fail("scrape.targets.file " + file + " does not exist", null, null);
      return targets;
    } catch (IOException e) {
      fail("scrape.targets.file " + file + " cannot be read: " + e, null, null);
      return targets;
    }
    if (nowModified.equals(modified) && nowSize == size) {
      return targets;
    }
    try {
      List<TargetSpec> read = yaml.readValue(file.toFile(), LIST);
      List<TargetSpec> valid = read == null ? List.of() : List.copyOf(read);
      Set<String> names = new HashSet<>();
      for (TargetSpec target : valid) {
        if (!names.add(target.node())) {
          throw new IllegalArgumentException("node " + target.node() + " is listed twice");
        }
      }
      targets = valid;
      modified = nowModified;
      size = nowSize;
      lastError = null;
      LOG.info("read {} targets from {}", targets.size(), file);
    } catch (IOException | RuntimeException e) {
      String reason = e.getMessage() == null ? e.toString() : e.getMessage().split("\n")[0];
      fail(
          "scrape.targets.file "
              + file
              + " is not a valid list of {node, url}: "
              + reason
              + "; keeping the previous "
              + targets.size()
              + " targets",
          nowModified,
          nowSize);
    }
    return targets;
  }

  /** Why the file was last rejected, or {@code null} when the current list came from it. */
  public synchronized String lastError() {
    return lastError;
  }

  private void fail(String message, FileTime badModified, Long badSize) {
    if (!message.equals(lastError)) {
      LOG.error(message);
    }
    lastError = message;
    // Remember the bad version so it is not parsed (and reported) again until it changes.
    if (badModified != null) {
      modified = badModified;
      size = badSize;
    }
  }
}
