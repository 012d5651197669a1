package io.tidemark.query.capacity;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The workload a pod belongs to.
 *
 * <p>Rule, in order: (1) when the kubelet's {@code /pods} told its owner ({@code kube_pod_owner}),
 * a ReplicaSet {@code NAME-HASH} means the Deployment {@code NAME}, any other owner is itself; (2)
 * otherwise the pod's name: {@code NAME-HASH-XXXXX} (a hash of 6 to 10 and a suffix of 5 lowercase
 * letters or digits) is the Deployment {@code NAME}, {@code NAME-N} the StatefulSet {@code NAME},
 * {@code NAME-XXXXX} the DaemonSet {@code NAME}; (3) else the pod stands alone ({@code Pod}).
 *
 * @param kind {@code Deployment}, {@code StatefulSet}, {@code DaemonSet}, {@code Job}, ... or
 *     {@code Pod}
 * @param name the workload's name
 */
public record Workload(String kind, String name) {

  private static final Pattern DEPLOYMENT_POD = Pattern.compile("(.+)-[a-z0-9]{6,10}-[a-z0-9]{5}");
  private static final Pattern STATEFUL_POD = Pattern.compile("(.+)-\\d+");
  private static final Pattern DAEMON_POD = Pattern.compile("(.+)-[a-z0-9]{5}");
  private static final Pattern REPLICA_SET = Pattern.compile("(.+)-[a-z0-9]{6,10}");

  /** The workload of a pod, from its owner when known ({@code null}s otherwise). */
  public static Workload of(String pod, String ownerKind, String ownerName) {
    if (ownerKind != null && ownerName != null && !ownerKind.isEmpty()) {
      if (ownerKind.equals("ReplicaSet")) {
        Matcher m = REPLICA_SET.matcher(ownerName);
        return m.matches()
            ? new Workload("Deployment", m.group(1))
            : new Workload(ownerKind, ownerName);
      }
      return new Workload(ownerKind, ownerName);
    }
    Matcher m = DEPLOYMENT_POD.matcher(pod);
    if (m.matches()) {
      return new Workload("Deployment", m.group(1));
    }
    m = STATEFUL_POD.matcher(pod);
    if (m.matches()) {
      return new Workload("StatefulSet", m.group(1));
    }
    m = DAEMON_POD.matcher(pod);
    if (m.matches()) {
      return new Workload("DaemonSet", m.group(1));
    }
    return new Workload("Pod", pod);
  }

  @Override
  public String toString() {
    return kind + "/" + name;
  }
}
