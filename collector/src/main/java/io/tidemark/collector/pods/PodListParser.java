package io.tidemark.collector.pods;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.tidemark.collector.scrape.SampleSink;
import io.tidemark.query.format.Quantity;
import io.tidemark.query.series.SeriesNames;
import io.tidemark.storage.Labels;
import io.tidemark.storage.SeriesKey;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Streams the kubelet's {@code /pods} payload (a {@code v1 PodList}) into info series in the style
 * of kube-state-metrics: value 1, timestamped with the scrape's time, every one labelled {@code
 * node}, {@code namespace} and {@code pod}.
 *
 * <ul>
 *   <li>{@code kube_pod_labels}: one series per pod, each pod label {@code KEY} as {@code
 *       label_KEY} with every character other than {@code [a-zA-Z0-9_]} replaced by {@code _} (keys
 *       that then clash get {@code _conflict1}, {@code _conflict2}, ... in key order). For PromQL
 *       joins; the replacement loses characters, so the original keys are in the next one.
 *   <li>{@code kube_pod_label}: one series per pod label with its exact {@code key} and {@code
 *       value}, which the Metrics API's {@code labelSelector} is evaluated against.
 *   <li>{@code kube_pod_owner}: one series per owner reference, with {@code owner_kind}, {@code
 *       owner_name} and {@code owner_is_controller}; none for a pod without owner (a static pod).
 *   <li>{@code kube_pod_container_resource_requests} and {@code ..._limits}: per container of
 *       {@code spec.containers} and resource, for {@code cpu} ({@code unit="core"}, in cores) and
 *       {@code memory} ({@code unit="byte"}, in bytes), labelled {@code container}, {@code
 *       resource}, {@code unit}; a resource the container does not set has no series. Values are
 *       rounded up to whole millicores and bytes, as Kubernetes counts them ({@link Quantity}).
 * </ul>
 *
 * <p>Pods in phase {@code Succeeded} or {@code Failed} are skipped: they hold no resources and have
 * no usage. Init and ephemeral containers are not read.
 *
 * <p>Errors: malformed or truncated JSON, a payload whose {@code kind} is not {@code PodList}, a
 * pod without name or namespace, a field of the wrong type, or a resource quantity Kubernetes would
 * not accept fail the whole payload, saying where. Nothing is sent to the sink then: the pods are
 * read first and emitted once the payload is known to be whole.
 *
 * <p>The names and labels are {@link SeriesNames}'.
 *
 * <p>Thread safety: instances are immutable and may be shared.
 */
public final class PodListParser {

  private static final String LABEL_PREFIX = "label_";

  private final JsonFactory factory = new JsonFactory();

  /**
   * Parses {@code payload}, sending every series to {@code sink} with value 1 (or the quantity).
   *
   * @param node the node name every series is labelled with
   * @param timestampMillis the time every sample carries: the scrape's
   * @return the number of samples sent
   * @throws PodListParseException when the payload is not a valid {@code PodList}; the message says
   *     where (line and column, or which pod) and what was wrong. Nothing was sent then.
   */
  public int parse(byte[] payload, String node, long timestampMillis, SampleSink sink)
      throws PodListParseException {
    List<PodListReader.Pod> pods;
    try (JsonParser parser = factory.createParser(payload)) {
      PodListReader reader = new PodListReader(parser);
      pods = reader.podList();
      if (parser.nextToken() != null) {
        throw reader.shapeError("unexpected content after the top-level object");
      }
    } catch (JsonProcessingException e) {
      throw new PodListParseException("malformed /pods" + where(e) + ": " + message(e), e);
    } catch (IOException e) {
      throw new PodListParseException("cannot read /pods: " + e.getMessage(), e);
    }
    // Buffered so that a bad quantity in the last pod sends nothing, like a syntax error.
    List<SeriesKey> keys = new ArrayList<>(pods.size() * 12);
    List<Double> values = new ArrayList<>(pods.size() * 12);
    SampleSink buffer =
        (series, ts, value) -> {
          keys.add(series);
          values.add(value);
        };
    for (PodListReader.Pod pod : pods) {
      if (pod.phase.equals("Succeeded") || pod.phase.equals("Failed")) {
        continue;
      }
      emit(pod, node, timestampMillis, buffer);
    }
    for (int i = 0; i < keys.size(); i++) {
      sink.accept(keys.get(i), timestampMillis, values.get(i));
    }
    return keys.size();
  }

  private static int emit(PodListReader.Pod pod, String node, long ts, SampleSink sink)
      throws PodListParseException {
    Labels base =
        Labels.builder(3)
            .put(SeriesNames.NAMESPACE_LABEL, pod.namespace)
            .put(SeriesNames.NODE_LABEL, node)
            .put(SeriesNames.POD_LABEL, pod.name)
            .build();
    int count = 0;
    Labels.Builder info = Labels.builder(3 + pod.labels.size());
    base.forEach(info::put);
    for (Map.Entry<String, String> label : prometheusNames(pod.labels).entrySet()) {
      info.put(label.getKey(), label.getValue());
    }
    sink.accept(new SeriesKey(SeriesNames.KUBE_POD_LABELS, info.build()), ts, 1);
    count++;
    for (Map.Entry<String, String> label : pod.labels.entrySet()) {
      sink.accept(
          new SeriesKey(
              SeriesNames.KUBE_POD_LABEL,
              base.with(SeriesNames.KEY_LABEL, label.getKey())
                  .with(SeriesNames.VALUE_LABEL, label.getValue())),
          ts,
          1);
      count++;
    }
    for (PodListReader.Owner owner : pod.owners) {
      sink.accept(
          new SeriesKey(
              SeriesNames.KUBE_POD_OWNER,
              base.with(SeriesNames.OWNER_KIND_LABEL, owner.kind())
                  .with(SeriesNames.OWNER_NAME_LABEL, owner.name())
                  .with(
                      SeriesNames.OWNER_IS_CONTROLLER_LABEL, Boolean.toString(owner.controller()))),
          ts,
          1);
      count++;
    }
    for (PodListReader.Container container : pod.containers) {
      Labels labels = base.with(SeriesNames.CONTAINER_LABEL, container.name);
      count +=
          resources(
              pod,
              container,
              SeriesNames.KUBE_POD_CONTAINER_RESOURCE_REQUESTS,
              container.requests,
              labels,
              ts,
              sink);
      count +=
          resources(
              pod,
              container,
              SeriesNames.KUBE_POD_CONTAINER_RESOURCE_LIMITS,
              container.limits,
              labels,
              ts,
              sink);
    }
    return count;
  }

  private static int resources(
      PodListReader.Pod pod,
      PodListReader.Container container,
      String metric,
      Map<String, String> quantities,
      Labels labels,
      long ts,
      SampleSink sink)
      throws PodListParseException {
    int count = 0;
    // The resource names of the pod spec are the label values.
    for (String resource : new String[] {SeriesNames.RESOURCE_CPU, SeriesNames.RESOURCE_MEMORY}) {
      String quantity = quantities.get(resource);
      if (quantity == null) {
        continue;
      }
      double value;
      try {
        value = cpu(resource) ? Quantity.cores(quantity) : Quantity.bytes(quantity);
      } catch (IllegalArgumentException e) {
        String kind =
            metric.equals(SeriesNames.KUBE_POD_CONTAINER_RESOURCE_REQUESTS) ? "requests" : "limits";
        throw new PodListParseException(
            "malformed /pods: pod "
                + pod.namespace
                + "/"
                + pod.name
                + ", container "
                + container.name
                + ", resources."
                + kind
                + "."
                + resource
                + ": "
                + e.getMessage(),
            e);
      }
      sink.accept(
          new SeriesKey(
              metric,
              labels
                  .with(SeriesNames.RESOURCE_LABEL, resource)
                  .with(
                      SeriesNames.UNIT_LABEL,
                      cpu(resource) ? SeriesNames.UNIT_CORE : SeriesNames.UNIT_BYTE)),
          ts,
          value);
      count++;
    }
    return count;
  }

  private static boolean cpu(String resource) {
    return resource.equals(SeriesNames.RESOURCE_CPU);
  }

  /**
   * The Prometheus label names of a pod's labels, {@code label_} and the key with every character
   * outside {@code [a-zA-Z0-9_]} replaced by {@code _}; keys that clash that way each get {@code
   * _conflictN}, numbered in key order.
   */
  static Map<String, String> prometheusNames(Map<String, String> labels) {
    Map<String, Integer> uses = new HashMap<>();
    Map<String, String> sanitized = new TreeMap<>();
    for (String key : labels.keySet()) {
      String name = sanitize(key);
      sanitized.put(key, name);
      uses.merge(name, 1, Integer::sum);
    }
    Map<String, Integer> seen = new HashMap<>();
    Map<String, String> out = new TreeMap<>();
    for (Map.Entry<String, String> entry : sanitized.entrySet()) {
      String name = entry.getValue();
      if (uses.get(name) > 1) {
        name = name + "_conflict" + seen.merge(name, 1, Integer::sum);
      }
      out.put(name, labels.get(entry.getKey()));
    }
    return out;
  }

  /** {@code label_} and {@code key} with every character outside {@code [a-zA-Z0-9_]} as _. */
  static String sanitize(String key) {
    StringBuilder out = new StringBuilder(LABEL_PREFIX.length() + key.length());
    out.append(LABEL_PREFIX);
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
      out.append(ok ? c : '_');
    }
    return out.toString();
  }

  private static String where(JsonProcessingException e) {
    JsonLocation at = e.getLocation();
    return at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
  }

  private static String message(JsonProcessingException e) {
    // Jackson names the start of an unclosed object with its own source description: keep only
    // the position.
    return String.valueOf(e.getOriginalMessage())
        .replaceAll("\\[Source: .*?; line: (\\d+), column: (\\d+)\\]", "line $1, column $2");
  }
}
