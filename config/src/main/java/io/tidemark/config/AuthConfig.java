package io.tidemark.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Path;

/**
 * The {@code scrape.auth} section: how Tidemark authenticates to kubelets.
 *
 * <p>{@code bearerTokenFile} is read again whenever it changes, so projected service-account tokens
 * that rotate are picked up without a restart. The token itself never reaches a log.
 */
public class AuthConfig {

  private Path bearerTokenFile;

  /** A file holding the bearer token sent to every kubelet; {@code null} sends none. */
  @JsonProperty
  public Path getBearerTokenFile() {
    return bearerTokenFile;
  }

  @JsonProperty
  public void setBearerTokenFile(Path bearerTokenFile) {
    this.bearerTokenFile = bearerTokenFile;
  }
}
