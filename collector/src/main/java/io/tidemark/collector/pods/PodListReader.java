package io.tidemark.collector.pods;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads a {@code v1 PodList} with a Jackson streaming parser, keeping of each pod only what {@link
 * PodListParser} stores: name, namespace, labels, owner references, phase, and the resource
 * requests and limits of {@code spec.containers}. Unknown fields are skipped; {@code null} reads as
 * absent. A field of the wrong type fails with its path ({@code items[3].metadata.labels.app}).
 *
 * <p>Not thread-safe: one instance per parse.
 */
final class PodListReader {

  /** One pod as read. */
  static final class Pod {
    String name;
    String namespace;
    String phase = "";
    Map<String, String> labels = new TreeMap<>();
    final List<Owner> owners = new ArrayList<>(1);
    final List<Container> containers = new ArrayList<>(2);
  }

  /** One owner reference as read. */
  record Owner(String kind, String name, boolean controller) {}

  /** One container of {@code spec.containers}: its resource requests and limits as written. */
  static final class Container {
    String name;
    final Map<String, String> requests = new HashMap<>(4);
    final Map<String, String> limits = new HashMap<>(4);
  }

  private final JsonParser parser;

  PodListReader(JsonParser parser) {
    this.parser = parser;
  }

  /** Reads the whole payload, at its start. */
  List<Pod> podList() throws IOException {
    expect(JsonToken.START_OBJECT, "the top level");
    String kind = null;
    List<Pod> pods = new ArrayList<>();
    while (nextField()) {
      String field = parser.currentName();
      JsonToken value = parser.nextToken();
      if (field.equals("kind")) {
        kind = string("kind");
      } else if (field.equals("items") && value == JsonToken.START_ARRAY) {
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          requireCurrent(JsonToken.START_OBJECT, "items[" + pods.size() + "]");
          pods.add(pod(pods.size()));
        }
      } else if (field.equals("items") && value != JsonToken.VALUE_NULL) {
        // A kubelet with no pods writes "items": null; anything else but an array is wrong.
        throw shapeError("expected an array for items, found " + describe(value));
      } else {
        parser.skipChildren();
      }
    }
    if (!"PodList".equals(kind)) {
      throw shapeError(
          kind == null
              ? "not a PodList: the object has no kind"
              : "not a PodList: kind is '" + kind + "'");
    }
    return pods;
  }

  private Pod pod(int index) throws IOException {
    Pod pod = new Pod();
    String at = "items[" + index + "]";
    while (nextField()) {
      String field = parser.currentName();
      JsonToken value = parser.nextToken();
      if (value == JsonToken.VALUE_NULL) {
        continue;
      }
      switch (field) {
        case "metadata" -> metadata(pod, at + ".metadata");
        case "spec" -> spec(pod, at + ".spec");
        case "status" -> status(pod, at + ".status");
        default -> parser.skipChildren();
      }
    }
    if (pod.name == null || pod.name.isEmpty()) {
      throw shapeError(at + " has no metadata.name");
    }
    if (pod.namespace == null || pod.namespace.isEmpty()) {
      throw shapeError(at + " (" + pod.name + ") has no metadata.namespace");
    }
    for (Container container : pod.containers) {
      if (container.name == null || container.name.isEmpty()) {
        throw shapeError(
            at + " (" + pod.namespace + "/" + pod.name + ") has a container without name");
      }
    }
    return pod;
  }

  private void metadata(Pod pod, String at) throws IOException {
    requireCurrent(JsonToken.START_OBJECT, at);
    while (nextField()) {
      String field = parser.currentName();
      JsonToken value = parser.nextToken();
      if (value == JsonToken.VALUE_NULL) {
        continue;
      }
      switch (field) {
        case "name" -> pod.name = string(at + ".name");
        case "namespace" -> pod.namespace = string(at + ".namespace");
        case "labels" -> pod.labels = stringMap(at + ".labels");
        case "ownerReferences" -> owners(pod, at + ".ownerReferences");
        default -> parser.skipChildren();
      }
    }
  }

  private void owners(Pod pod, String at) throws IOException {
    requireCurrent(JsonToken.START_ARRAY, at);
    int index = 0;
    while (parser.nextToken() != JsonToken.END_ARRAY) {
      String here = at + "[" + index++ + "]";
      requireCurrent(JsonToken.START_OBJECT, here);
      String kind = null;
      String name = null;
      boolean controller = false;
      while (nextField()) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        if (value == JsonToken.VALUE_NULL) {
          continue;
        }
        switch (field) {
          case "kind" -> kind = string(here + ".kind");
          case "name" -> name = string(here + ".name");
          case "controller" -> {
            if (!value.isBoolean()) {
              throw shapeError("expected true or false for " + here + ".controller");
            }
            controller = value == JsonToken.VALUE_TRUE;
          }
          default -> parser.skipChildren();
        }
      }
      if (kind != null && !kind.isEmpty() && name != null && !name.isEmpty()) {
        pod.owners.add(new Owner(kind, name, controller));
      }
    }
  }

  private void spec(Pod pod, String at) throws IOException {
    requireCurrent(JsonToken.START_OBJECT, at);
    while (nextField()) {
      String field = parser.currentName();
      JsonToken value = parser.nextToken();
      if (field.equals("containers") && value != JsonToken.VALUE_NULL) {
        requireCurrent(JsonToken.START_ARRAY, at + ".containers");
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          String here = at + ".containers[" + pod.containers.size() + "]";
          requireCurrent(JsonToken.START_OBJECT, here);
          pod.containers.add(container(here));
        }
      } else {
        parser.skipChildren();
      }
    }
  }

  private Container container(String at) throws IOException {
    Container container = new Container();
    while (nextField()) {
      String field = parser.currentName();
      JsonToken value = parser.nextToken();
      if (value == JsonToken.VALUE_NULL) {
        continue;
      }
      switch (field) {
        case "name" -> container.name = string(at + ".name");
        case "resources" -> {
          requireCurrent(JsonToken.START_OBJECT, at + ".resources");
          while (nextField()) {
            String part = parser.currentName();
            JsonToken partValue = parser.nextToken();
            if (partValue == JsonToken.VALUE_NULL) {
              continue;
            }
            switch (part) {
              case "requests" -> container.requests.putAll(stringMap(at + ".resources.requests"));
              case "limits" -> container.limits.putAll(stringMap(at + ".resources.limits"));
              default -> parser.skipChildren();
            }
          }
        }
        default -> parser.skipChildren();
      }
    }
    return container;
  }

  private void status(Pod pod, String at) throws IOException {
    requireCurrent(JsonToken.START_OBJECT, at);
    while (nextField()) {
      String field = parser.currentName();
      JsonToken value = parser.nextToken();
      if (field.equals("phase") && value != JsonToken.VALUE_NULL) {
        pod.phase = string(at + ".phase");
      } else {
        parser.skipChildren();
      }
    }
  }

  /** An object of string values, at the current {@code START_OBJECT}, sorted by key. */
  private Map<String, String> stringMap(String at) throws IOException {
    requireCurrent(JsonToken.START_OBJECT, at);
    Map<String, String> out = new TreeMap<>();
    while (nextField()) {
      String key = parser.currentName();
      parser.nextToken();
      out.put(key, string(at + "." + key));
    }
    return out;
  }

  private String string(String at) throws IOException {
    if (parser.currentToken() != JsonToken.VALUE_STRING) {
      throw shapeError(
          "expected a string for " + at + ", found " + describe(parser.currentToken()));
    }
    return parser.getText();
  }

  private boolean nextField() throws IOException {
    JsonToken token = parser.nextToken();
    if (token == JsonToken.FIELD_NAME) {
      return true;
    }
    if (token == JsonToken.END_OBJECT) {
      return false;
    }
    throw shapeError("expected a field name or '}', found " + describe(token));
  }

  private void expect(JsonToken expected, String what) throws IOException {
    parser.nextToken();
    requireCurrent(expected, what);
  }

  private void requireCurrent(JsonToken expected, String what) throws IOException {
    JsonToken token = parser.currentToken();
    if (token != expected) {
      throw shapeError(
          "expected "
              + (expected == JsonToken.START_ARRAY ? "an array" : "an object")
              + " for "
              + what
              + ", found "
              + describe(token));
    }
  }

  JsonProcessingException shapeError(String message) {
    return new PodShapeException(message, parser);
  }

  private static String describe(JsonToken token) {
    if (token == null) {
      return "the end of the payload";
    }
    return switch (token) {
      case START_OBJECT -> "an object";
      case START_ARRAY -> "an array";
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "null";
      default -> token.asString() == null ? token.name() : "'" + token.asString() + "'";
    };
  }

  /**
   * A well-formed JSON payload of the wrong shape; reported like a syntax error, with its place.
   */
  private static final class PodShapeException extends JsonProcessingException {
    @java.io.Serial private static final long serialVersionUID = 1L;

    PodShapeException(String message, JsonParser parser) {
      super(message, parser.currentLocation());
    }
  }
}
