package io.tidemark.collector.kubelet;

import io.tidemark.config.InvalidSettingException;
import io.tidemark.config.ScrapeConfig;
import io.tidemark.config.TlsConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okhttp3.tls.Certificates;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches kubelet endpoints over HTTP(S).
 *
 * <p>One OkHttp client serves every target, so keep-alive connections are pooled. TLS is verified
 * against {@code scrape.tls.caFile} or the JVM's trust store unless {@code
 * scrape.tls.insecureSkipVerify} is set (then a warning is logged once). A bearer token from {@code
 * scrape.auth.bearerTokenFile} is sent over HTTPS only, never over plain HTTP. Responses are
 * gzip-decoded transparently and capped in size.
 *
 * <p>Thread safety: safe from any thread.
 */
public final class KubeletClient implements AutoCloseable {

  private static final String ACCEPT =
      "text/plain;version=0.0.4;q=1,application/openmetrics-text;version=1.0.0;q=0.5,"
          + "application/json;q=0.9,*/*;q=0.1";

  /** The largest body accepted from a kubelet. */
  public static final long MAX_BODY_BYTES = 64L << 20;

  private static final Logger LOG = LoggerFactory.getLogger(KubeletClient.class);
  private static final Pattern PEM_PRIVATE_KEY =
      Pattern.compile("-----BEGIN PRIVATE KEY-----.+?-----END PRIVATE KEY-----", Pattern.DOTALL);
  private static final Pattern PEM_CERTIFICATE =
      Pattern.compile("-----BEGIN CERTIFICATE-----.+?-----END CERTIFICATE-----", Pattern.DOTALL);

  private final OkHttpClient http;
  private final BearerTokenFile token;
  private final String trustDescription;

  private KubeletClient(OkHttpClient http, BearerTokenFile token, String trustDescription) {
    this.http = http;
    this.token = token;
    this.trustDescription = trustDescription;
  }

  /**
   * A client configured from the {@code scrape} section.
   *
   * @throws InvalidSettingException naming the configuration key when a file it names cannot be
   *     used
   */
  public static KubeletClient create(ScrapeConfig config) {
    Duration timeout = config.getTimeout().toJavaDuration();
    OkHttpClient.Builder builder =
        new OkHttpClient.Builder()
            .callTimeout(timeout)
            .connectTimeout(timeout)
            .readTimeout(timeout)
            .followRedirects(false)
            // A server may close an idle keep-alive connection just as it is reused; OkHttp then
            // retries the GET on a new connection, all within callTimeout.
            .retryOnConnectionFailure(true)
            .connectionPool(
                new ConnectionPool(Math.max(5, config.getConcurrency() * 2), 5, TimeUnit.MINUTES));
    configureTls(builder, config.getTls());
    BearerTokenFile token = null;
    Path tokenFile = config.getAuth().getBearerTokenFile();
    if (tokenFile != null) {
      token = new BearerTokenFile(tokenFile);
      try {
        token.current();
      } catch (IOException e) {
        throw new InvalidSettingException(
            "scrape.auth.bearerTokenFile", "cannot read " + tokenFile + ": " + e.getMessage(), e);
      }
    }
    TlsConfig tls = config.getTls();
    String trust =
        tls.isInsecureSkipVerify()
            ? "certificates not verified: scrape.tls.insecureSkipVerify"
            : tls.getCaFile() != null
                ? "certificates verified against scrape.tls.caFile " + tls.getCaFile()
                : "certificates verified against the JVM's trust store; set scrape.tls.caFile"
                    + " to the CA that signs the kubelets' certificates";
    return new KubeletClient(builder.build(), token, trust);
  }

  private static void configureTls(OkHttpClient.Builder builder, TlsConfig tls) {
    if (tls.isInsecureSkipVerify()) {
      LOG.warn(
          "scrape.tls.insecureSkipVerify is set: kubelet certificates are NOT verified;"
              + " anyone on the network path can impersonate a kubelet");
      X509TrustManager trustAll = new TrustEverything();
      try {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {trustAll}, new SecureRandom());
        builder.sslSocketFactory(context.getSocketFactory(), trustAll);
        builder.hostnameVerifier((host, session) -> true);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
      }
      return;
    }
    Path caFile = tls.getCaFile();
    if (caFile == null && tls.getCertFile() == null) {
      return; // the JVM's default trust store, no client certificate
    }
    HandshakeCertificates.Builder handshake = new HandshakeCertificates.Builder();
    if (caFile == null) {
      handshake.addPlatformTrustedCertificates();
    } else {
      readCertificates(caFile, "scrape.tls.caFile").forEach(handshake::addTrustedCertificate);
    }
    if (tls.getCertFile() != null) {
      List<X509Certificate> chain = readCertificates(tls.getCertFile(), "scrape.tls.certFile");
      handshake.heldCertificate(
          clientCertificate(chain, tls.getCertFile(), tls.getKeyFile()),
          chain.subList(1, chain.size()).toArray(X509Certificate[]::new));
    }
    HandshakeCertificates certificates = handshake.build();
    builder.sslSocketFactory(certificates.sslSocketFactory(), certificates.trustManager());
  }

  private static HeldCertificate clientCertificate(
      List<X509Certificate> chain, Path certFile, Path keyFile) {
    String key;
    try {
      key = Files.readString(keyFile, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new InvalidSettingException(
          "scrape.tls.keyFile", "cannot read " + keyFile + ": " + e, e);
    }
    Matcher pkcs8 = PEM_PRIVATE_KEY.matcher(key);
    if (!pkcs8.find()) {
      throw new InvalidSettingException(
          "scrape.tls.keyFile",
          keyFile
              + " holds no PKCS#8 private key ('-----BEGIN PRIVATE KEY-----'); convert it with"
              + " 'openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8'",
          null);
    }
    try {
      return HeldCertificate.decode(Certificates.certificatePem(chain.get(0)) + pkcs8.group());
    } catch (IllegalArgumentException e) {
      throw new InvalidSettingException(
          "scrape.tls.keyFile",
          keyFile + " does not hold the private key of " + certFile + ": " + e.getMessage(),
          e);
    }
  }

  private static List<X509Certificate> readCertificates(Path file, String key) {
    String pem;
    try {
      pem = Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new InvalidSettingException(key, "cannot read " + file + ": " + e, e);
    }
    List<X509Certificate> out = new ArrayList<>();
    Matcher matcher = PEM_CERTIFICATE.matcher(pem);
    while (matcher.find()) {
      try {
        out.add(Certificates.decodeCertificatePem(matcher.group()));
      } catch (IllegalArgumentException e) {
        throw new InvalidSettingException(
            key, file + " holds a certificate that does not decode: " + e.getMessage(), e);
      }
    }
    if (out.isEmpty()) {
      throw new InvalidSettingException(key, file + " holds no PEM certificate", null);
    }
    return out;
  }

  /**
   * GETs {@code url} and returns the body of a 200 answer.
   *
   * @throws FetchException saying what went wrong: connection, timeout, status, size
   * @throws InterruptedIOException when the calling thread was interrupted
   */
  public byte[] get(URI url) throws FetchException, InterruptedIOException {
    return fetch(url).body();
  }

  /** A body and the media type the kubelet gave it. */
  public record Fetched(byte[] body, String contentType) {}

  /**
   * GETs {@code url} and returns the body of a 200 answer with its content type. Prometheus text
   * 0.0.4 is asked for first, OpenMetrics accepted.
   *
   * @throws FetchException saying what went wrong: connection, timeout, status, size
   * @throws InterruptedIOException when the calling thread was interrupted
   */
  public Fetched fetch(URI url) throws FetchException, InterruptedIOException {
    Request.Builder request =
        new Request.Builder().url(url.toString()).header("Accept", ACCEPT).get();
    if (token != null && "https".equalsIgnoreCase(url.getScheme())) {
      try {
        request.header("Authorization", "Bearer " + token.current());
      } catch (IOException e) {
        throw new FetchException("cannot read the bearer token: " + e.getMessage(), e);
      }
    }
    try (Response response = http.newCall(request.build()).execute()) {
      ResponseBody body = response.body();
      if (response.code() != 200) {
        throw new FetchException(
            "HTTP " + response.code() + " from " + url + ": " + snippet(body), null);
      }
      String type = response.header("Content-Type");
      return new Fetched(readCapped(body, url), type == null ? "" : type);
    } catch (InterruptedIOException e) {
      if (Thread.currentThread().isInterrupted()) {
        throw e;
      }
      throw new FetchException("timed out: " + url + " (" + e.getMessage() + ")", e);
    } catch (SSLException e) {
      throw new FetchException(
          "TLS with " + url + " failed: " + e.getMessage() + " (" + trustDescription + ")", e);
    } catch (IOException e) {
      throw new FetchException("cannot fetch " + url + ": " + e, e);
    }
  }

  private static byte[] readCapped(ResponseBody body, URI url) throws IOException, FetchException {
    long declared = body.contentLength();
    if (declared > MAX_BODY_BYTES) {
      throw new FetchException(
          "response of "
              + declared
              + " bytes from "
              + url
              + " exceeds the cap of "
              + MAX_BODY_BYTES,
          null);
    }
    try (InputStream in = body.byteStream()) {
      byte[] bytes = in.readNBytes((int) MAX_BODY_BYTES + 1);
      if (bytes.length > MAX_BODY_BYTES) {
        throw new FetchException(
            "response from " + url + " exceeds the cap of " + MAX_BODY_BYTES + " bytes", null);
      }
      return bytes;
    }
  }

  private static String snippet(ResponseBody body) {
    try (InputStream in = body.byteStream()) {
      String text = new String(in.readNBytes(200), StandardCharsets.UTF_8);
      return text.strip().replaceAll("\\s+", " ");
    } catch (IOException e) {
      return "(no readable body)";
    }
  }

  @Override
  public void close() {
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }

  /** Trusts every certificate: only ever used when insecureSkipVerify is set by name. */
  private static final class TrustEverything implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {
      // trusts everything by the user's explicit choice
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {
      // trusts everything by the user's explicit choice
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
