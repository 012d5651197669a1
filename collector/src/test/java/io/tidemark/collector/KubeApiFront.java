package io.tidemark.collector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.GZIPInputStream;

/**
 * A stand-in for the Kubernetes API server in front of Tidemark, so that a real kubectl can run
 * {@code kubectl top} against it.
 *
 * <p>As in a cluster, it answers {@code /version}, the core discovery ({@code /api}, {@code
 * /api/v1}), Node objects ({@code /api/v1/nodes[/NAME]}, which {@code kubectl top node} reads for
 * allocatable CPU and memory) and pod lists (empty: kubectl reads them only to explain an empty
 * metrics answer) itself, and behaves as the aggregation layer for {@code metrics.k8s.io}: every
 * request under {@code /apis/metrics.k8s.io} goes to Tidemark unchanged (method, path, query,
 * headers, plus the {@code X-Remote-User}/{@code X-Remote-Group} the aggregator adds) and its
 * answer comes back unchanged; {@code /apis} is sent to Tidemark with the client's headers too, as
 * the aggregator asks an APIService's server for its groups, and must come back as a plain JSON
 * {@code APIGroupList}, which is served to the client (this cluster has no other group).
 *
 * <p>Every request is recorded with what was answered. Thread-safe.
 */
final class KubeApiFront implements AutoCloseable {

  /**
   * One request and its answer.
   *
   * @param method the HTTP method
   * @param uri path and query as sent
   * @param accept the request's {@code Accept} header, or empty
   * @param userAgent the request's {@code User-Agent} header, or empty
   * @param forwarded whether Tidemark answered it
   * @param status the status Tidemark (or the front) answered
   * @param contentType the {@code Content-Type} of the answer, or empty
   * @param body the answer's body as text, decompressed
   */
  record Exchange(
      String method,
      String uri,
      String accept,
      String userAgent,
      boolean forwarded,
      int status,
      String contentType,
      String body) {}

  /**
   * The version served at {@code /version}; the gcloud kubectl dispatcher picks its kubectl by it.
   */
  static final String GIT_VERSION = "v1.31.0";

  /** Headers a proxy must not pass on, and those Java's client sets itself. */
  private static final Set<String> HOP_BY_HOP =
      Set.of(
          "connection",
          "keep-alive",
          "proxy-authenticate",
          "proxy-authorization",
          "te",
          "trailer",
          "transfer-encoding",
          "upgrade",
          "host",
          "content-length",
          "expect",
          "authorization");

  private final ObjectMapper mapper = new ObjectMapper();
  private final URI tidemark;
  private final List<String> nodes;
  private final Map<String, String> allocatable;
  private final HttpServer server;
  private final ExecutorService executor;
  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final List<Exchange> exchanges = new CopyOnWriteArrayList<>();

  private KubeApiFront(URI tidemark, List<String> nodes, Map<String, String> allocatable)
      throws IOException {
    this.tidemark = tidemark;
    this.nodes = List.copyOf(nodes);
    this.allocatable = Map.copyOf(allocatable);
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    this.executor =
        Executors.newFixedThreadPool(
            4,
            r -> {
              Thread t = new Thread(r, "kube-api-front");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
  }

  /**
   * Starts a front on a free loopback port.
   *
   * @param tidemark the base URL of Tidemark's application port
   * @param nodes the Node objects to serve
   * @param allocatable every node's allocatable resources, like {@code cpu: "4"}
   */
  static KubeApiFront start(URI tidemark, List<String> nodes, Map<String, String> allocatable)
      throws IOException {
    KubeApiFront front = new KubeApiFront(tidemark, nodes, allocatable);
    front.server.start();
    return front;
  }

  /** The URL clients should use, {@code http://127.0.0.1:PORT}. */
  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Every request so far, in order. */
  List<Exchange> exchanges() {
    return List.copyOf(exchanges);
  }

  /** Forgets the requests so far. */
  void clearExchanges() {
    exchanges.clear();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getRawPath();
      if (path.equals("/apis/metrics.k8s.io") || path.startsWith("/apis/metrics.k8s.io/")) {
        forward(exchange, true);
      } else if (path.equals("/apis")) {
        forward(exchange, false);
      } else {
        JsonNode body = serve(path);
        reply(exchange, body == null ? 404 : 200, body == null ? notFound() : body, true);
      }
    } catch (IOException | RuntimeException e) {
      exchanges.add(
          new Exchange(
              exchange.getRequestMethod(),
              exchange.getRequestURI().toString(),
              accept(exchange),
              header(exchange, "User-Agent"),
              false,
              599,
              "",
              e.toString()));
      throw e;
    }
  }

  /** The front's own answers, or {@code null} for 404. */
  private JsonNode serve(String path) {
    if (path.equals("/version")) {
      ObjectNode version = mapper.createObjectNode();
      String[] parts = GIT_VERSION.substring(1).split("\\.");
      version.put("major", parts[0]).put("minor", parts[1]).put("gitVersion", GIT_VERSION);
      version.put("gitCommit", "0000000000000000000000000000000000000000");
      version.put("gitTreeState", "clean").put("buildDate", "2024-08-13T07:28:49Z");
      version.put("goVersion", "go1.22.5").put("compiler", "gc").put("platform", "linux/amd64");
      return version;
    }
    if (path.equals("/api")) {
      ObjectNode versions = mapper.createObjectNode().put("kind", "APIVersions");
      versions.putArray("versions").add("v1");
      versions
          .putArray("serverAddressByClientCIDRs")
          .addObject()
          .put("clientCIDR", "0.0.0.0/0")
          .put("serverAddress", uri().getAuthority());
      return versions;
    }
    if (path.equals("/api/v1")) {
      ObjectNode list =
          mapper.createObjectNode().put("kind", "APIResourceList").put("groupVersion", "v1");
      ArrayNode resources = list.putArray("resources");
      coreResource(resources.addObject(), "nodes", "node", false, "Node");
      coreResource(resources.addObject(), "pods", "pod", true, "Pod");
      return list;
    }
    if (path.equals("/api/v1/nodes")) {
      ObjectNode list = typed("NodeList");
      list.putObject("metadata").put("resourceVersion", "1");
      ArrayNode items = list.putArray("items");
      nodes.forEach(name -> items.add(node(name)));
      return list;
    }
    if (path.startsWith("/api/v1/nodes/")) {
      String name = path.substring("/api/v1/nodes/".length());
      return nodes.contains(name) ? typed("Node").setAll(node(name)) : null;
    }
    if (path.equals("/api/v1/pods") || path.matches("/api/v1/namespaces/[^/]+/pods")) {
      ObjectNode list = typed("PodList");
      list.putObject("metadata").put("resourceVersion", "1");
      list.putArray("items");
      return list;
    }
    return null;
  }

  private ObjectNode typed(String kind) {
    return mapper.createObjectNode().put("kind", kind).put("apiVersion", "v1");
  }

  private static void coreResource(
      ObjectNode resource, String name, String singular, boolean namespaced, String kind) {
    resource.put("name", name).put("singularName", singular).put("namespaced", namespaced);
    resource.put("kind", kind).putArray("verbs").add("get").add("list");
  }

  private ObjectNode node(String name) {
    ObjectNode node = mapper.createObjectNode();
    ObjectNode metadata = node.putObject("metadata").put("name", name);
    metadata.putObject("labels").put("kubernetes.io/hostname", name);
    ObjectNode status = node.putObject("status");
    ObjectNode capacity = status.putObject("capacity");
    ObjectNode allocatableNode = status.putObject("allocatable");
    allocatable.forEach(
        (resource, quantity) -> {
          capacity.put(resource, quantity);
          allocatableNode.put(resource, quantity);
        });
    return node;
  }

  private ObjectNode notFound() {
    ObjectNode status = typed("Status");
    status.putObject("metadata");
    return status
        .put("status", "Failure")
        .put("message", "the server could not find the requested resource")
        .put("reason", "NotFound")
        .put("code", 404);
  }

  /**
   * Sends the request to Tidemark. Under {@code /apis/metrics.k8s.io} ({@code verbatim}) the answer
   * is relayed as it came; for {@code /apis} Tidemark's groups are checked and served as plain
   * JSON, as the aggregator merges them into the cluster's list.
   */
  private void forward(HttpExchange exchange, boolean verbatim) throws IOException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(tidemark + exchange.getRequestURI().toString()))
            .timeout(Duration.ofSeconds(30))
            .method(
                exchange.getRequestMethod(),
                HttpRequest.BodyPublishers.ofByteArray(exchange.getRequestBody().readAllBytes()));
    exchange
        .getRequestHeaders()
        .forEach(
            (name, values) -> {
              if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> request.header(name, value));
              }
            });
    request.header("X-Remote-User", "kubernetes-admin");
    request.header("X-Remote-Group", "system:masters");
    HttpResponse<byte[]> response;
    try {
      response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while forwarding", e);
    }
    String contentType = response.headers().firstValue("Content-Type").orElse("");
    String text = decoded(response);
    exchanges.add(
        new Exchange(
            exchange.getRequestMethod(),
            exchange.getRequestURI().toString(),
            accept(exchange),
            header(exchange, "User-Agent"),
            true,
            response.statusCode(),
            contentType,
            text));
    if (verbatim) {
      response
          .headers()
          .map()
          .forEach(
              (name, values) -> {
                if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                  exchange.getResponseHeaders().put(name, values);
                }
              });
      byte[] body = response.body();
      exchange.sendResponseHeaders(response.statusCode(), body.length == 0 ? -1 : body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
      return;
    }
    JsonNode groups = response.statusCode() == 200 ? mapper.readTree(text) : null;
    if (groups == null
        || !contentType.equals("application/json")
        || !groups.path("kind").asText().equals("APIGroupList")) {
      // The aggregator would mark the APIService unavailable; the client sees no group.
      reply(exchange, 503, notFound().put("code", 503).put("reason", "ServiceUnavailable"), false);
      return;
    }
    reply(exchange, 200, groups, false);
  }

  private static String decoded(HttpResponse<byte[]> response) throws IOException {
    byte[] body = response.body();
    if (response.headers().firstValue("Content-Encoding").orElse("").equals("gzip")) {
      try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
        body = in.readAllBytes();
      }
    }
    return new String(body, StandardCharsets.UTF_8);
  }

  private static String accept(HttpExchange exchange) {
    return header(exchange, "Accept");
  }

  private static String header(HttpExchange exchange, String name) {
    return String.join(",", exchange.getRequestHeaders().getOrDefault(name, List.of()));
  }

  /** Answers {@code body} as plain JSON, recording the exchange unless already recorded. */
  private void reply(HttpExchange exchange, int status, JsonNode body, boolean record)
      throws IOException {
    byte[] bytes = mapper.writeValueAsBytes(body);
    if (record) {
      exchanges.add(
          new Exchange(
              exchange.getRequestMethod(),
              exchange.getRequestURI().toString(),
              accept(exchange),
              header(exchange, "User-Agent"),
              false,
              status,
              "application/json",
              new String(bytes, StandardCharsets.UTF_8)));
    }
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
