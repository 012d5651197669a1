package io.tidemark.collector.server;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonTypeName;
import io.dropwizard.jetty.HttpsConnectorFactory;
import io.tidemark.config.InvalidSettingException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import okhttp3.tls.HeldCertificate;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.thread.ThreadPool;

/**
 * An HTTPS connector from a PEM certificate (chain) and private key, the form a Kubernetes TLS
 * Secret holds, so Tidemark can sit behind the API server's aggregation layer:
 *
 * <pre>
 * server:
 *   applicationConnectors:
 *     - type: https-pem
 *       port: 8443
 *       certFile: /etc/tidemark/tls/tls.crt
 *       keyFile: /etc/tidemark/tls/tls.key
 * </pre>
 *
 * <p>The pair is turned into a PKCS#12 key store in a private temporary file (owner-only
 * permissions, deleted at exit) with a random password, and served by Dropwizard's HTTPS connector;
 * every other {@code https} setting applies. The key never reaches a log.
 */
@JsonTypeName("https-pem")
public class PemHttpsConnectorFactory extends HttpsConnectorFactory {

  private String certFile;
  private String keyFile;

  /** The PEM file holding the server certificate, then any intermediates. */
  @JsonProperty
  public String getCertFile() {
    return certFile;
  }

  @JsonProperty
  public void setCertFile(String certFile) {
    this.certFile = certFile;
  }

  /** The PEM file holding the private key (PKCS#8, {@code BEGIN PRIVATE KEY}). */
  @JsonProperty
  public String getKeyFile() {
    return keyFile;
  }

  @JsonProperty
  public void setKeyFile(String keyFile) {
    this.keyFile = keyFile;
  }

  @Override
  public Connector build(
      Server server, MetricRegistry metrics, String name, ThreadPool threadPool) {
    if (certFile == null || keyFile == null) {
      throw new InvalidSettingException(
          "server.applicationConnectors",
          "an https-pem connector needs certFile and keyFile",
          null);
    }
    char[] password = randomPassword();
    Path store = keyStore(password);
    setKeyStorePath(store.toString());
    setKeyStorePassword(new String(password));
    setKeyStoreType("PKCS12");
    return super.build(server, metrics, name, threadPool);
  }

  private Path keyStore(char[] password) {
    String certPem;
    String keyPem;
    try {
      certPem = Files.readString(Path.of(certFile));
    } catch (IOException e) {
      throw new InvalidSettingException("certFile", "cannot read " + certFile + ": " + e, e);
    }
    try {
      keyPem = Files.readString(Path.of(keyFile));
    } catch (IOException e) {
      throw new InvalidSettingException("keyFile", "cannot read " + keyFile + ": " + e, e);
    }
    List<String> certificates = pemBlocks(certPem, "CERTIFICATE");
    if (certificates.isEmpty()) {
      throw new InvalidSettingException("certFile", certFile + " holds no PEM certificate", null);
    }
    HeldCertificate held;
    try {
      held = HeldCertificate.decode(certificates.get(0) + "\n" + keyPem);
    } catch (IllegalArgumentException e) {
      throw new InvalidSettingException(
          "keyFile",
          keyFile
              + " does not hold a PKCS#8 private key matching "
              + certFile
              + " ("
              + e.getMessage()
              + ")",
          e);
    }
    if (!matches(held)) {
      throw new InvalidSettingException(
          "keyFile", keyFile + " holds a private key that does not match " + certFile, null);
    }
    try {
      List<Certificate> chain = new ArrayList<>();
      java.security.cert.CertificateFactory factory =
          java.security.cert.CertificateFactory.getInstance("X.509");
      for (String pem : certificates) {
        chain.add(
            factory.generateCertificate(
                new java.io.ByteArrayInputStream(
                    pem.getBytes(java.nio.charset.StandardCharsets.US_ASCII))));
      }
      KeyStore keyStore = KeyStore.getInstance("PKCS12");
      keyStore.load(null, null);
      keyStore.setKeyEntry(
          "tidemark", held.keyPair().getPrivate(), password, chain.toArray(new Certificate[0]));
      Path file =
          Files.createTempFile(
              "tidemark-tls-",
              ".p12",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      file.toFile().deleteOnExit();
      try (OutputStream out = Files.newOutputStream(file)) {
        keyStore.store(out, password);
      }
      return file;
    } catch (GeneralSecurityException | IOException e) {
      throw new InvalidSettingException("certFile", "cannot use " + certFile + ": " + e, e);
    }
  }

  /** Whether the private key signs what the certificate's public key verifies. */
  private static boolean matches(HeldCertificate held) {
    java.security.PrivateKey key = held.keyPair().getPrivate();
    String algorithm = key.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
    try {
      byte[] challenge = new byte[32];
      new SecureRandom().nextBytes(challenge);
      java.security.Signature signer = java.security.Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(challenge);
      byte[] signature = signer.sign();
      java.security.Signature verifier = java.security.Signature.getInstance(algorithm);
      verifier.initVerify(held.certificate().getPublicKey());
      verifier.update(challenge);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static List<String> pemBlocks(String text, String type) {
    List<String> out = new ArrayList<>();
    String begin = "-----BEGIN " + type + "-----";
    String end = "-----END " + type + "-----";
    int from = 0;
    while (true) {
      int b = text.indexOf(begin, from);
      int e = b < 0 ? -1 : text.indexOf(end, b);
      if (e < 0) {
        return out;
      }
      out.add(text.substring(b, e + end.length()));
      from = e + end.length();
    }
  }

  private static char[] randomPassword() {
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).toCharArray();
  }
}
