package io.tidemark.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.validation.ValidationMethod;
import java.nio.file.Path;

/**
 * The {@code scrape.tls} section: how kubelet certificates are verified.
 *
 * <p>Verification is on by default against the JVM's trust store, or against {@code caFile} (a PEM
 * bundle, typically the cluster CA) when it is set. {@code insecureSkipVerify} turns verification
 * off entirely, and must be named to do so; the collector logs a warning at start-up when it is.
 * {@code certFile} and {@code keyFile} give a client certificate for kubelets that authenticate
 * clients by certificate.
 */
public class TlsConfig {

  private Path caFile;

  private boolean insecureSkipVerify;

  private Path certFile;

  private Path keyFile;

  /** A PEM client certificate (chain) presented to kubelets; goes with {@code keyFile}. */
  @JsonProperty
  public Path getCertFile() {
    return certFile;
  }

  @JsonProperty
  public void setCertFile(Path certFile) {
    this.certFile = certFile;
  }

  /** The PEM (PKCS#8) private key of {@code certFile}. */
  @JsonProperty
  public Path getKeyFile() {
    return keyFile;
  }

  @JsonProperty
  public void setKeyFile(Path keyFile) {
    this.keyFile = keyFile;
  }

  @JsonIgnore
  @ValidationMethod(message = "scrape.tls.certFile and scrape.tls.keyFile must be set together")
  public boolean isClientCertificateComplete() {
    return (certFile == null) == (keyFile == null);
  }

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
