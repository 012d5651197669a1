package io.tidemark.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Path;

/**
 * The {@code scrape.tls} section: how kubelet certificates are verified.
 *
 * <p>Verification is on by default against the JVM's trust store, or against {@code caFile} (a PEM
 * bundle, typically the cluster CA) when it is set. {@code insecureSkipVerify} turns verification
 * off entirely, and must be named to do so; the collector logs a warning at start-up when it is.
 */
public class TlsConfig {

  private Path caFile;

  private boolean insecureSkipVerify;

  /** A PEM file of CA certificates that kubelet serving certificates must chain to. */
  @JsonProperty
  public Path getCaFile() {
    return caFile;
  }

  @JsonProperty
  public void setCaFile(Path caFile) {
    this.caFile = caFile;
  }

  /** When true, kubelet certificates and host names are not checked. Off by default. */
  @JsonProperty
  public boolean isInsecureSkipVerify() {
    return insecureSkipVerify;
  }

  @JsonProperty
  public void setInsecureSkipVerify(boolean insecureSkipVerify) {
    this.insecureSkipVerify = insecureSkipVerify;
  }
}
