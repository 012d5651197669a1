package io.tidemark.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One kubelet to scrape: the node's name and the kubelet's base URL.
 *
 * <p>The base URL is like {@code https://10.0.0.5:10250} or {@code http://127.0.1.1:10250}; it may
 * carry a path prefix (the simulator serves many nodes on one port that way), and the endpoint
 * paths are appended to it. A trailing slash is removed.
 *
 * @param node the Kubernetes node name; becomes the {@code node} label of every series
 * @param url the kubelet's base URL, {@code http} or {@code https}, with a host
 * @param capacity the node's CPU and memory as its Node object states them, or {@code null} when
 *     not known (static targets)
 */
public record TargetSpec(String node, URI url, NodeCapacity capacity) {

  /** Node names as Kubernetes allows them (RFC 1123 subdomain), up to 253 characters. */
  private static final Pattern NODE_NAME =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  /** A target whose node capacity is not known. */
  public TargetSpec(String node, URI url) {
    this(node, url, null);
  }

  /** Validates and normalises; the messages name the offending value. */
  public TargetSpec {
    Objects.requireNonNull(node, "node is required");
    Objects.requireNonNull(url, "url is required");
    if (node.length() > 253 || !NODE_NAME.matcher(node).matches()) {
      throw new IllegalArgumentException(
          "node '" + node + "' is not a valid Kubernetes node name (RFC 1123 subdomain)");
    }
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException(
          "url '" + url + "' of node " + node + " must start with http:// or https://");
    }
    if (url.getHost() == null || url.getHost().isEmpty()) {
      throw new IllegalArgumentException("url '" + url + "' of node " + node + " has no host");
    }
    if (url.getRawQuery() != null || url.getRawFragment() != null) {
      throw new IllegalArgumentException(
          "url '" + url + "' of node " + node + " must not carry a query or fragment");
    }
    String text = url.toString();
    if (text.endsWith("/")) {
      url = URI.create(text.substring(0, text.length() - 1));
    }
  }

  /** Jackson's entry point; both properties are required. */
  @JsonCreator
  static TargetSpec fromJson(@JsonProperty("node") String node, @JsonProperty("url") String url) {
    Objects.requireNonNull(node, "node is required");
    Objects.requireNonNull(url, "url is required");
    String trimmed = url.trim();
    String lower = trimmed.toLowerCase(Locale.ROOT);
    if (!lower.startsWith("http://") && !lower.startsWith("https://")) {
      throw new IllegalArgumentException(
          "url '" + url + "' of node " + node + " must start with http:// or https://");
    }
    URI uri;
    try {
      uri = new URI(trimmed);
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException(
          "url '" + url + "' of node " + node + " is not a valid URL: " + e.getMessage(), e);
    }
    return new TargetSpec(node, uri);
  }

  /** The full URL of an endpoint path such as {@code /stats/summary}. */
  public URI resolve(String endpointPath) {
    return URI.create(url + endpointPath);
  }
}
