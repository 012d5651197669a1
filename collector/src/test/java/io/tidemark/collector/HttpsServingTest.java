package io.tidemark.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.codahale.metrics.MetricRegistry;
import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.tidemark.collector.server.PemHttpsConnectorFactory;
import io.tidemark.config.InvalidSettingException;
import io.tidemark.config.TidemarkConfiguration;
import io.tidemark.simulator.KubeletSimulator;
import io.tidemark.simulator.SimulatorSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** HTTPS from a PEM certificate and key, as behind the API server's aggregation layer. */
@ExtendWith(DropwizardExtensionsSupport.class)
class HttpsServingTest {

  private static final HeldCertificate CA =
      new HeldCertificate.Builder().certificateAuthority(0).commonName("test CA").build();
  private static final HeldCertificate SERVER_CERT =
      new HeldCertificate.Builder()
          .signedBy(CA)
          .commonName("tidemark")
          .addSubjectAlternativeName("127.0.0.1")
          .addSubjectAlternativeName("localhost")
          .build();
  private static final Path DIR = tempDir();
  private static final KubeletSimulator SIMULATOR = simulator();

  private static final DropwizardAppExtension<TidemarkConfiguration> APP =
      new DropwizardAppExtension<>(TidemarkApplication.class, httpsConfiguration());

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("tidemark-https-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static KubeletSimulator simulator() {
    try {
      return KubeletSimulator.start(SimulatorSpec.of(1, 3), Clock.systemUTC(), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static PemHttpsConnectorFactory connector(String cert, String key) {
    try {
      Path certFile = DIR.resolve("tls-" + System.nanoTime() + ".crt");
      Path keyFile = DIR.resolve("tls-" + System.nanoTime() + ".key");
      Files.writeString(certFile, cert);
      Files.writeString(keyFile, key);
      PemHttpsConnectorFactory https = new PemHttpsConnectorFactory();
      https.setPort(0);
      https.setCertFile(certFile.toString());
      https.setKeyFile(keyFile.toString());
      return https;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static TidemarkConfiguration httpsConfiguration() {
    TidemarkConfiguration config =
        TidemarkApplicationTest.configuration(SIMULATOR, DIR.resolve("store"));
    DefaultServerFactory server = (DefaultServerFactory) config.getServerFactory();
    server.setApplicationConnectors(
        List.of(
            connector(
                SERVER_CERT.certificatePem() + CA.certificatePem(),
                SERVER_CERT.privateKeyPkcs8Pem())));
    return config;
  }

  @AfterAll
  static void stopSimulator() {
    SIMULATOR.close();
  }

  @Test
  void servesTheMetricsApiOverTlsWithTheGivenCertificate() throws Exception {
    HandshakeCertificates trust =
        new HandshakeCertificates.Builder().addTrustedCertificate(CA.certificate()).build();
    OkHttpClient client =
        new OkHttpClient.Builder()
            .sslSocketFactory(trust.sslSocketFactory(), trust.trustManager())
            .build();
    Request request =
        new Request.Builder()
            .url("https://127.0.0.1:" + APP.getLocalPort() + "/apis/metrics.k8s.io/v1beta1")
            .build();
    try (Response response = client.newCall(request).execute()) {
      assertThat(response.code()).isEqualTo(200);
      assertThat(response.handshake()).isNotNull();
      assertThat(response.handshake().peerCertificates().get(0))
          .isEqualTo(SERVER_CERT.certificate());
      assertThat(response.body().string()).contains("\"kind\":\"APIResourceList\"");
    }
  }

  @Test
  void aKeyThatDoesNotMatchIsRefusedNamingTheFile() {
    HeldCertificate other = new HeldCertificate.Builder().build();
    PemHttpsConnectorFactory https =
        connector(SERVER_CERT.certificatePem(), other.privateKeyPkcs8Pem());

    assertThatThrownBy(() -> https.build(new Server(), new MetricRegistry(), "app", null))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageContaining("keyFile")
        .hasMessageNotContaining("PRIVATE KEY");
  }
}
