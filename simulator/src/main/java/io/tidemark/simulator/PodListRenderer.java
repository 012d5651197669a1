package io.tidemark.simulator;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.Map;

/**
 * Renders a node's pods as the kubelet's {@code /pods} does: a compact {@code v1 PodList} in the
 * shape of Kubernetes 1.35 (every field used here is one the shared 1.35 capture has, in the same
 * order), each pod {@code Running} on the node, with its labels, owner reference, containers and
 * their resource requests and limits, and container statuses that follow restarts.
 *
 * <p>Thread safety: stateless.
 */
final class PodListRenderer {

  byte[] pods(SimulatedNode node) {
    return JsonPayload.render(
        1024 + node.pods.size() * 2500,
        g -> {
          g.writeStartObject();
          g.writeStringField("kind", "PodList");
          g.writeStringField("apiVersion", "v1");
          g.writeObjectFieldStart("metadata");
          g.writeEndObject();
          g.writeArrayFieldStart("items");
          for (SimulatedPod pod : node.pods) {
            writePod(g, node, pod);
          }
          g.writeEndArray();
          g.writeEndObject();
        });
  }

  private static void writePod(JsonGenerator g, SimulatedNode node, SimulatedPod pod)
      throws IOException {
    g.writeStartObject();
    writeMetadata(g, pod);
    writeSpec(g, node, pod);
    writeStatus(g, node, pod);
    g.writeEndObject();
  }

  private static void writeMetadata(JsonGenerator g, SimulatedPod pod) throws IOException {
    String created = PayloadRenderer.time(pod.startSeconds);
    g.writeObjectFieldStart("metadata");
    g.writeStringField("name", pod.name);
    if (pod.kind != SimulatedPod.Kind.STATEFUL_SET) {
      g.writeStringField("generateName", pod.name.substring(0, pod.name.lastIndexOf('-') + 1));
    }
    g.writeStringField("namespace", pod.namespace);
    g.writeStringField("uid", pod.uid);
    g.writeStringField("resourceVersion", Long.toString(pod.startSeconds % 1_000_000));
    g.writeNumberField("generation", 1);
    g.writeStringField("creationTimestamp", created);
    g.writeObjectFieldStart("labels");
    for (Map.Entry<String, String> label : pod.labels.entrySet()) {
      g.writeStringField(label.getKey(), label.getValue());
    }
    g.writeEndObject();
    g.writeObjectFieldStart("annotations");
    g.writeStringField("kubernetes.io/config.seen", created);
    g.writeStringField("kubernetes.io/config.source", "api");
    g.writeEndObject();
    g.writeArrayFieldStart("ownerReferences");
    g.writeStartObject();
    g.writeStringField("apiVersion", "apps/v1");
    g.writeStringField("kind", pod.ownerKind);
    g.writeStringField("name", pod.ownerName);
    g.writeStringField("uid", SimulatedPod.uidOf(pod.ownerKind + "/" + pod.ownerName));
    g.writeBooleanField("controller", true);
    g.writeBooleanField("blockOwnerDeletion", true);
    g.writeEndObject();
    g.writeEndArray();
    g.writeEndObject();
  }

  private static void writeSpec(JsonGenerator g, SimulatedNode node, SimulatedPod pod)
      throws IOException {
    g.writeObjectFieldStart("spec");
    g.writeArrayFieldStart("volumes");
    g.writeStartObject();
    g.writeStringField("name", pod.volumeName);
    g.writeObjectFieldStart("projected");
    g.writeArrayFieldStart("sources");
    g.writeStartObject();
    g.writeObjectFieldStart("serviceAccountToken");
    g.writeNumberField("expirationSeconds", 3607);
    g.writeStringField("path", "token");
    g.writeEndObject();
    g.writeEndObject();
    g.writeEndArray();
    g.writeNumberField("defaultMode", 420);
    g.writeEndObject();
    g.writeEndObject();
    g.writeEndArray();
    g.writeArrayFieldStart("containers");
    for (SimulatedContainer c : pod.containers) {
      g.writeStartObject();
      g.writeStringField("name", c.name);
      g.writeStringField("image", image(c));
      g.writeObjectFieldStart("resources");
      writeQuantities(g, "limits", c.cpuLimit, c.memoryLimit);
      writeQuantities(g, "requests", c.cpuRequest, c.memoryRequest);
      g.writeEndObject();
      g.writeArrayFieldStart("volumeMounts");
      g.writeStartObject();
      g.writeStringField("name", pod.volumeName);
      g.writeBooleanField("readOnly", true);
      g.writeStringField("mountPath", "/var/run/secrets/kubernetes.io/serviceaccount");
      g.writeEndObject();
      g.writeEndArray();
      g.writeStringField("terminationMessagePath", "/dev/termination-log");
      g.writeStringField("terminationMessagePolicy", "File");
      g.writeStringField("imagePullPolicy", "IfNotPresent");
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeStringField("restartPolicy", "Always");
    g.writeNumberField("terminationGracePeriodSeconds", 30);
    g.writeStringField("dnsPolicy", "ClusterFirst");
    g.writeStringField("serviceAccountName", "default");
    g.writeStringField("serviceAccount", "default");
    g.writeStringField("nodeName", node.name);
    g.writeObjectFieldStart("securityContext");
    g.writeEndObject();
    g.writeStringField("schedulerName", "default-scheduler");
    g.writeNumberField("priority", 0);
    g.writeBooleanField("enableServiceLinks", true);
    g.writeStringField("preemptionPolicy", "PreemptLowerPriority");
    g.writeEndObject();
  }

  /** {@code "limits": {"cpu": ..., "memory": ...}}, keys sorted; nothing when neither is set. */
  private static void writeQuantities(JsonGenerator g, String field, String cpu, String memory)
      throws IOException {
    if (cpu == null && memory == null) {
      return;
    }
    g.writeObjectFieldStart(field);
    if (cpu != null) {
      g.writeStringField("cpu", cpu);
    }
    if (memory != null) {
      g.writeStringField("memory", memory);
    }
    g.writeEndObject();
  }

  private static void writeStatus(JsonGenerator g, SimulatedNode node, SimulatedPod pod)
      throws IOException {
    g.writeObjectFieldStart("status");
    g.writeStringField("phase", "Running");
    g.writeStringField("hostIP", hostIp(node));
    g.writeStringField("podIP", podIp(pod));
    g.writeStringField("startTime", PayloadRenderer.time(pod.startSeconds));
    g.writeArrayFieldStart("containerStatuses");
    for (SimulatedContainer c : pod.containers) {
      g.writeStartObject();
      g.writeStringField("name", c.name);
      g.writeObjectFieldStart("state");
      g.writeObjectFieldStart("running");
      g.writeStringField("startedAt", PayloadRenderer.time(c.startSeconds));
      g.writeEndObject();
      g.writeEndObject();
      g.writeObjectFieldStart("lastState");
      g.writeEndObject();
      g.writeBooleanField("ready", true);
      g.writeNumberField("restartCount", c.restarts);
      g.writeStringField("image", image(c));
      g.writeStringField("imageID", "registry.example/" + c.name + "@sha256:" + hex(c.name, 0));
      g.writeStringField("containerID", "containerd://" + hex(pod.uid + c.name, c.restarts));
      g.writeBooleanField("started", true);
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeStringField("qosClass", qosClass(pod));
    g.writeEndObject();
  }

  /** The pod's QoS class, as the API server derives it from requests and limits. */
  static String qosClass(SimulatedPod pod) {
    boolean any = false;
    boolean guaranteed = true;
    for (SimulatedContainer c : pod.containers) {
      any |= c.cpuRequest != null || c.memoryRequest != null || c.cpuLimit != null;
      any |= c.memoryLimit != null;
      guaranteed &=
          c.cpuLimit != null
              && c.memoryLimit != null
              && c.cpuLimit.equals(c.cpuRequest)
              && c.memoryLimit.equals(c.memoryRequest);
    }
    return !any ? "BestEffort" : guaranteed ? "Guaranteed" : "Burstable";
  }

  private static String image(SimulatedContainer c) {
    return "registry.example/" + c.name + ":1.0";
  }

  private static String hostIp(SimulatedNode node) {
    return "10.0." + (node.index / 250) + "." + (node.index % 250 + 2);
  }

  private static String podIp(SimulatedPod pod) {
    int h = pod.uid.hashCode();
    return "10.244." + ((h >>> 8) & 0xff) + "." + ((h & 0xff) % 250 + 2);
  }

  /** 64 hex digits derived from {@code seed} and {@code salt}: a stand-in digest or ID. */
  private static String hex(String seed, long salt) {
    StringBuilder out = new StringBuilder(64);
    long h = seed.hashCode() * 0x9E3779B97F4A7C15L + salt;
    for (int i = 0; i < 4; i++) {
      h ^= h >>> 31;
      h *= 0xBF58476D1CE4E5B9L;
      h ^= h >>> 29;
      String part = Long.toHexString(h);
      out.append("0".repeat(16 - part.length())).append(part);
    }
    return out.toString();
  }
}
