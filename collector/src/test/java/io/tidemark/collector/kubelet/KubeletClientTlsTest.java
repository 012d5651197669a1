package io.tidemark.collector.kubelet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.tidemark.config.InvalidSettingException;
import io.tidemark.config.ScrapeConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLParameters;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Real TLS on loopback with certificates made by the test. */
class KubeletClientTlsTest {

  private static final HeldCertificate CLUSTER_CA =
      new HeldCertificate.Builder().certificateAuthority(0).commonName("cluster-ca").build();
  private static final HeldCertificate OTHER_CA =
      new HeldCertificate.Builder().certificateAuthority(0).commonName("other-ca").build();
  private static final HeldCertificate KUBELET =
      new HeldCertificate.Builder()
          .commonName("kubelet")
          .addSubjectAlternativeName("127.0.0.1")
          .addSubjectAlternativeName("localhost")
          .signedBy(CLUSTER_CA)
          .build();
  private static final HeldCertificate CLIENT_CA =
      new HeldCertificate.Builder().certificateAuthority(0).commonName("client-ca").build();
  private static final HeldCertificate TIDEMARK =
      new HeldCertificate.Builder().commonName("system:tidemark").signedBy(CLIENT_CA).build();

  @TempDir Path dir;
  private HttpsServer server;
  private final List<String> authorizations = new CopyOnWriteArrayList<>();
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private KubeletClient client;

  private void startServer(boolean needClientCertificate) throws Exception {
    HandshakeCertificates serverCertificates =
        new HandshakeCertificates.Builder()
            .heldCertificate(KUBELET)
            .addTrustedCertificate(CLIENT_CA.certificate())
            .build();
    server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.setHttpsConfigurator(
        new HttpsConfigurator(serverCertificates.sslContext()) {
          @Override
          public void configure(HttpsParameters params) {
            SSLParameters ssl = getSSLContext().getDefaultSSLParameters();
            ssl.setNeedClientAuth(needClientCertificate);
            params.setSSLParameters(ssl);
          }
        });
    server.createContext(
        "/",
        exchange -> {
          String auth = exchange.getRequestHeaders().getFirst("Authorization");
          authorizations.add(auth == null ? "" : auth);
          byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
          int status = auth != null && auth.endsWith("revoked") ? 401 : 200;
          exchange.sendResponseHeaders(status, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
  }

  private URI url() {
    return URI.create("https://127.0.0.1:" + server.getAddress().getPort() + "/stats/summary");
  }

  private Path pem(String name, String text) throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(file, text);
    return file;
  }

  @BeforeEach
  void captureLogs() {
    logs.start();
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
  }

  @AfterEach
  void stop() {
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.stop(0);
    }
  }

  @Test
  void verifiesTheKubeletAgainstTheConfiguredCa() throws Exception {
    startServer(false);
    ScrapeConfig config = new ScrapeConfig();
    config.getTls().setCaFile(pem("ca.crt", CLUSTER_CA.certificatePem()));
    client = KubeletClient.create(config);

    assertThat(new String(client.get(url()), StandardCharsets.UTF_8)).isEqualTo("{}");
  }

  @Test
  void refusesAKubeletSignedByAnotherCaSayingWhy() throws Exception {
    startServer(false);
    ScrapeConfig config = new ScrapeConfig();
    Path wrong = pem("other.crt", OTHER_CA.certificatePem());
    config.getTls().setCaFile(wrong);
    client = KubeletClient.create(config);

    assertThatThrownBy(() -> client.get(url()))
        .isInstanceOf(FetchException.class)
        .hasMessageStartingWith("TLS with " + url() + " failed: ")
        .hasMessageContaining("certificates verified against scrape.tls.caFile " + wrong);
  }

  @Test
  void refusesAnUnknownKubeletByDefault() throws Exception {
    startServer(false);
    client = KubeletClient.create(new ScrapeConfig());

    assertThatThrownBy(() -> client.get(url()))
        .isInstanceOf(FetchException.class)
        .hasMessageContaining("the JVM's trust store; set scrape.tls.caFile");
  }

  @Test
  void skipsVerificationOnlyWhenToldByNameAndWarns() throws Exception {
    startServer(false);
    ScrapeConfig config = new ScrapeConfig();
    config.getTls().setInsecureSkipVerify(true);
    client = KubeletClient.create(config);

    assertThat(client.get(url())).isNotEmpty();
    assertThat(logs.list)
        .anyMatch(e -> e.getFormattedMessage().contains("insecureSkipVerify is set"));
  }

  @Test
  void presentsTheClientCertificateWhenTheKubeletAsksForOne() throws Exception {
    startServer(true);
    ScrapeConfig withoutCertificate = new ScrapeConfig();
    withoutCertificate.getTls().setCaFile(pem("ca.crt", CLUSTER_CA.certificatePem()));
    try (KubeletClient anonymous = KubeletClient.create(withoutCertificate)) {
      assertThatThrownBy(() -> anonymous.get(url())).isInstanceOf(FetchException.class);
    }

    ScrapeConfig config = new ScrapeConfig();
    config.getTls().setCaFile(pem("ca.crt", CLUSTER_CA.certificatePem()));
    config.getTls().setCertFile(pem("client.crt", TIDEMARK.certificatePem()));
    config.getTls().setKeyFile(pem("client.key", TIDEMARK.privateKeyPkcs8Pem()));
    client = KubeletClient.create(config);

    assertThat(client.get(url())).isNotEmpty();
  }

  @Test
  void namesTheKeyFileThatIsNotPkcs8() throws Exception {
    HeldCertificate rsa =
        new HeldCertificate.Builder().rsa2048().commonName("rsa").signedBy(CLIENT_CA).build();
    ScrapeConfig config = new ScrapeConfig();
    config.getTls().setCertFile(pem("client.crt", rsa.certificatePem()));
    config.getTls().setKeyFile(pem("client.key", rsa.privateKeyPkcs1Pem()));

    assertThatThrownBy(() -> KubeletClient.create(config))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageStartingWith("scrape.tls.keyFile: ")
        .hasMessageContaining("openssl pkcs8");
  }

  @Test
  void picksUpARotatedTokenAndNeverLogsIt() throws Exception {
    startServer(false);
    Path token = dir.resolve("token");
    Files.writeString(token, "first-secret-token\n");
    Files.setLastModifiedTime(token, FileTime.from(Instant.ofEpochSecond(1000)));
    ScrapeConfig config = new ScrapeConfig();
    config.getTls().setCaFile(pem("ca.crt", CLUSTER_CA.certificatePem()));
    config.getAuth().setBearerTokenFile(token);
    client = KubeletClient.create(config);

    client.get(url());
    Files.writeString(token, "second-secret-token\n");
    Files.setLastModifiedTime(token, FileTime.from(Instant.ofEpochSecond(2000)));
    client.get(url());
    Files.writeString(token, "now-revoked");
    Files.setLastModifiedTime(token, FileTime.from(Instant.ofEpochSecond(3000)));
    assertThatThrownBy(() -> client.get(url()))
        .isInstanceOf(FetchException.class)
        .hasMessageContaining("HTTP 401")
        .hasMessageNotContaining("revoked");

    assertThat(authorizations)
        .containsExactly(
            "Bearer first-secret-token", "Bearer second-secret-token", "Bearer now-revoked");
    assertThat(logs.list)
        .noneMatch(
            e ->
                e.getFormattedMessage().contains("secret-token")
                    || e.getFormattedMessage().contains("revoked"));
  }

  @Test
  void neverSendsTheTokenOverPlainHttp() throws Exception {
    com.sun.net.httpserver.HttpServer plain =
        com.sun.net.httpserver.HttpServer.create(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
    plain.createContext(
        "/",
        exchange -> {
          String auth = exchange.getRequestHeaders().getFirst("Authorization");
          authorizations.add(auth == null ? "" : auth);
          exchange.sendResponseHeaders(200, 2);
          exchange.getResponseBody().write("{}".getBytes(StandardCharsets.UTF_8));
          exchange.close();
        });
    plain.start();
    try {
      Path token = dir.resolve("token");
      Files.writeString(token, "secret");
      ScrapeConfig config = new ScrapeConfig();
      config.getAuth().setBearerTokenFile(token);
      client = KubeletClient.create(config);

      client.get(URI.create("http://127.0.0.1:" + plain.getAddress().getPort() + "/x"));

      assertThat(authorizations).containsExactly("");
    } finally {
      plain.stop(0);
    }
  }
}
