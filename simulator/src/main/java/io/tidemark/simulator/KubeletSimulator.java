package io.tidemark.simulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.tidemark.config.TargetSpec;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A fleet of simulated kubelets served over HTTP on loopback.
 *
 * <p>Every node is reachable under its own base URL, {@code http://127.0.0.1:PORT/nodes/NAME},
 * which answers {@code /stats/summary}, {@code /metrics/resource}, {@code /metrics/probes}, {@code
 * /metrics/cadvisor} (a small part of it), {@code /pods} (the {@code PodList} of the node's pods,
 * with their labels, owners and resource requests and limits) and {@code /healthz} as a kubelet
 * does. Payloads are rendered once per node update and served from memory, so the simulator stays
 * cheap next to whatever scrapes it.
 *
 * <p>Thread safety: safe for concurrent requests; {@link #setFault} may be called at any time.
 */
public final class KubeletSimulator implements AutoCloseable {

  private static final String PREFIX = "/nodes/";
  private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private final SimulatorSpec spec;
  private final Clock clock;
  private final Map<String, SimulatedNode> nodes = new LinkedHashMap<>();
  private final Map<String, Fault> faults = new ConcurrentHashMap<>();
  private final PayloadRenderer renderer = new PayloadRenderer();
  private final AtomicLong requests = new AtomicLong();
  private final HttpServer server;
  private final ExecutorService executor;

  static {
    // The JDK's server, unlike a kubelet, leaves Nagle's algorithm on (a multi-write answer then
    // waits out the client's 40 ms delayed ACK) and closes keep-alive connections beyond 200 idle
    // ones (a scraper of a larger fleet then meets closed pooled connections). Both are read once,
    // when the server classes load, so they are set before any server starts, unless given.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
    if (System.getProperty("sun.net.httpserver.maxIdleConnections") == null) {
      System.setProperty("sun.net.httpserver.maxIdleConnections", "100000");
    }
  }

  private KubeletSimulator(SimulatorSpec spec, Clock clock, int port) throws IOException {
    this.spec = spec;
    this.clock = clock;
    long period = spec.updatePeriod().toSeconds();
    long firstUpdate = Math.floorDiv(clock.instant().getEpochSecond(), period);
    SplittableRandom fleet = new SplittableRandom(spec.seed());
    for (int i = 0; i < spec.nodes(); i++) {
      String name = SimulatorSpec.nodeName(i);
      nodes.put(
          name, new SimulatedNode(name, i, fleet.split(), spec.podsPerNode(), period, firstUpdate));
    }
    this.server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1024);
    this.executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "kubelet-simulator");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
  }

  /**
   * Starts a fleet on {@code 127.0.0.1:port} ({@code 0} picks a free port).
   *
   * @throws IOException when the port cannot be bound
   */
  public static KubeletSimulator start(SimulatorSpec spec, Clock clock, int port)
      throws IOException {
    KubeletSimulator simulator = new KubeletSimulator(spec, clock, port);
    simulator.server.start();
    return simulator;
  }

  /** The port the fleet is served on. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** The base URL of one node. */
  public URI baseUrl(String node) {
    return URI.create("http://127.0.0.1:" + port() + PREFIX + node);
  }

  /** Every node as a scrape target, in node order. */
  public List<TargetSpec> targets() {
    List<TargetSpec> out = new ArrayList<>(nodes.size());
    for (String node : nodes.keySet()) {
      out.add(new TargetSpec(node, baseUrl(node)));
    }
    return out;
  }

  /** The names of the simulated nodes, in order. */
  public List<String> nodeNames() {
    return List.copyOf(nodes.keySet());
  }

  /** The fleet's description. */
  public SimulatorSpec spec() {
    return spec;
  }

  /** Makes {@code node} misbehave from its next request on; {@link Fault#NONE} heals it. */
  public void setFault(String node, Fault fault) {
    if (!nodes.containsKey(node)) {
      throw new IllegalArgumentException("no simulated node " + node);
    }
    faults.put(node, fault);
  }

  /** How many requests were answered so far. */
  public long requests() {
    return requests.get();
  }

  /** The current {@code /stats/summary} payload of a node, as served. */
  public byte[] summary(String node) {
    return payload(node, SimulatedNode.Payload.SUMMARY);
  }

  /** The current {@code /metrics/cadvisor} payload of a node, as served. */
  public byte[] cadvisor(String node) {
    return payload(node, SimulatedNode.Payload.CADVISOR);
  }

  /** The current {@code /pods} payload ({@code v1 PodList}) of a node, as served. */
  public byte[] pods(String node) {
    return payload(node, SimulatedNode.Payload.PODS);
  }

  /** The current {@code /metrics/resource} payload of a node, as served. */
  public byte[] resource(String node) {
    return payload(node, SimulatedNode.Payload.RESOURCE);
  }

  private byte[] payload(String node, SimulatedNode.Payload payload) {
    SimulatedNode simulated = nodes.get(node);
    if (simulated == null) {
      throw new IllegalArgumentException("no simulated node " + node);
    }
    return simulated.payloadAt(clock.instant(), payload, renderer);
  }

  /**
   * Renders the named payloads of every node for the current update now, so that requests until the
   * next update only copy bytes. Endpoint names as in {@code scrape.endpoints}: {@code summary},
   * {@code resource}, {@code probes}, {@code cadvisor}, {@code pods}.
   *
   * @throws IllegalArgumentException naming an unknown endpoint
   */
  public void prerender(List<String> endpoints) {
    List<SimulatedNode.Payload> payloads = new ArrayList<>();
    for (String e : endpoints) {
      try {
        payloads.add(SimulatedNode.Payload.valueOf(e.trim().toUpperCase(java.util.Locale.ROOT)));
      } catch (IllegalArgumentException unknown) {
        throw new IllegalArgumentException(
            "unknown endpoint '" + e + "'; use summary, resource, probes, cadvisor or pods",
            unknown);
      }
    }
    java.time.Instant now = clock.instant();
    for (SimulatedNode node : nodes.values()) {
      for (SimulatedNode.Payload payload : payloads) {
        node.payloadAt(now, payload, renderer);
      }
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    requests.incrementAndGet();
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      if (path.equals("/healthz")) {
        reply(exchange, 200, "text/plain", "ok".getBytes(StandardCharsets.US_ASCII));
        return;
      }
      if (!path.startsWith(PREFIX)) {
        notFound(exchange);
        return;
      }
      int slash = path.indexOf('/', PREFIX.length());
      String node =
          slash < 0 ? path.substring(PREFIX.length()) : path.substring(PREFIX.length(), slash);
      String endpoint = slash < 0 ? "" : path.substring(slash);
      SimulatedNode simulated = nodes.get(node);
      if (simulated == null) {
        notFound(exchange);
        return;
      }
      byte[] body;
      String type;
      switch (endpoint) {
        case "/stats/summary" -> {
          body = simulated.payloadAt(clock.instant(), SimulatedNode.Payload.SUMMARY, renderer);
          type = "application/json";
        }
        case "/metrics/resource" -> {
          body = simulated.payloadAt(clock.instant(), SimulatedNode.Payload.RESOURCE, renderer);
          type = PROMETHEUS_TEXT;
        }
        case "/metrics/probes" -> {
          body = simulated.payloadAt(clock.instant(), SimulatedNode.Payload.PROBES, renderer);
          type = PROMETHEUS_TEXT;
        }
        case "/metrics/cadvisor" -> {
          body = simulated.payloadAt(clock.instant(), SimulatedNode.Payload.CADVISOR, renderer);
          type = PROMETHEUS_TEXT;
        }
        case "/pods" -> {
          body = simulated.payloadAt(clock.instant(), SimulatedNode.Payload.PODS, renderer);
          type = "application/json";
        }
        case "/healthz" -> {
          body = "ok".getBytes(StandardCharsets.US_ASCII);
          type = "text/plain";
        }
        default -> {
          notFound(exchange);
          return;
        }
      }
      serveWithFault(exchange, faults.getOrDefault(node, Fault.NONE), type, body);
    }
  }

  private static void serveWithFault(HttpExchange exchange, Fault fault, String type, byte[] body)
      throws IOException {
    switch (fault) {
      case NONE -> reply(exchange, 200, type, body);
      case SLOW -> {
        try {
          Thread.sleep(10_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        reply(exchange, 200, type, body);
      }
      case SERVER_ERROR ->
          reply(
              exchange,
              500,
              "text/plain",
              "Internal Error: failed to get node info".getBytes(StandardCharsets.US_ASCII));
      case TRUNCATED -> reply(exchange, 200, type, Arrays.copyOf(body, body.length / 2));
      case GARBAGE ->
          reply(
              exchange,
              200,
              type,
              "<html>502 Bad Gateway</html>\u0000\u0001".getBytes(StandardCharsets.UTF_8));
    }
  }

  private static void notFound(HttpExchange exchange) throws IOException {
    reply(exchange, 404, "text/plain", "404 page not found".getBytes(StandardCharsets.US_ASCII));
  }

  private static void reply(HttpExchange exchange, int status, String type, byte[] body)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  /** Stops serving; in-flight requests get up to a second to finish. */
  @Override
  public void close() {
    server.stop(1);
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
