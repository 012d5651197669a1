package io.tidemark.collector.kubelet;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.config.ScrapeConfig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A kubelet, like any HTTP server, may close an idle keep-alive connection just as the client
 * reuses it: the scrape goes through on a new connection instead of failing.
 */
class KubeletClientKeepAliveTest {

  @Test
  void aPooledConnectionTheServerClosedIsReplacedNotReportedAsAFailure() throws Exception {
    AtomicInteger connections = new AtomicInteger();
    try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread serving =
          new Thread(
              () -> {
                try {
                  while (true) {
                    Socket s = server.accept();
                    int n = connections.incrementAndGet();
                    // The first connection answers once with keep-alive, then closes without a
                    // word when the next request arrives; later ones answer and close.
                    serveOne(s, n == 1);
                    if (n == 1) {
                      readRequest(s);
                    }
                    s.close();
                  }
                } catch (Exception e) {
                  // the server socket closed: the test is over
                }
              });
      serving.setDaemon(true);
      serving.start();
      URI url = URI.create("http://127.0.0.1:" + server.getLocalPort() + "/stats/summary");
      try (KubeletClient client = KubeletClient.create(new ScrapeConfig())) {
        assertThat(new String(client.fetch(url).body(), StandardCharsets.UTF_8)).isEqualTo("{}");

        KubeletClient.Fetched second = client.fetch(url);

        assertThat(new String(second.body(), StandardCharsets.UTF_8)).isEqualTo("{}");
        assertThat(connections.get()).isEqualTo(2);
      }
    }
  }

  private static void serveOne(Socket s, boolean keepAlive) throws Exception {
    readRequest(s);
    OutputStream out = s.getOutputStream();
    out.write(
        ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n"
                + (keepAlive ? "" : "Connection: close\r\n")
                + "\r\n{}")
            .getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  private static void readRequest(Socket s) throws Exception {
    BufferedReader in =
        new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
    String line;
    while ((line = in.readLine()) != null && !line.isEmpty()) {
      // headers up to the blank line; a GET has no body
    }
  }
}
