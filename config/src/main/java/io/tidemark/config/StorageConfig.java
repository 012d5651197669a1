package io.tidemark.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;

/**
 * The {@code storage} section: where the embedded store keeps its files.
 *
 * <p>{@code storage.path} has no default on purpose: a daemon that silently writes months of data
 * into whatever directory it was started from is a surprise nobody wants.
 */
public class StorageConfig {

  @NotNull private Path path;

  /** The directory of the store; created if missing. */
  @JsonProperty
  public Path getPath() {
    return path;
  }

  @JsonProperty
  public void setPath(Path path) {
    this.path = path;
  }
}
