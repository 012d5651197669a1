package io.tidemark.collector.pods;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.query.series.SeriesNames;
import io.tidemark.storage.SeriesKey;
import io.tidemark.storage.SeriesSample;
import io.tidemark.testkit.Fixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class PodListParserTest {

  private static final long T = 1_782_468_000_000L;
  private static final String K8S_135 =
      "kubelet/pods/newrelic-nri-kubernetes-k8s-1.35.0-containerd.json";
  private static final String K8S_115 =
      "kubelet/pods/newrelic-nri-kubernetes-k8s-1.15.0-docker.json";

  private final PodListParser parser = new PodListParser();

  private List<SeriesSample> parse(byte[] payload) throws PodListParseException {
    List<SeriesSample> out = new ArrayList<>();
    int count = parser.parse(payload, "n1", T, (k, ts, v) -> out.add(new SeriesSample(k, ts, v)));
    assertThat(count).isEqualTo(out.size());
    return out;
  }

  private List<SeriesSample> parse(String json) throws PodListParseException {
    return parse(json.getBytes(StandardCharsets.UTF_8));
  }

  private static List<SeriesSample> of(List<SeriesSample> samples, String metric, String pod) {
    return samples.stream()
        .filter(s -> s.series().metric().equals(metric) && pod.equals(s.series().label("pod")))
        .toList();
  }

  private static Map<String, String> podLabels(List<SeriesSample> samples, String pod) {
    Map<String, String> out = new HashMap<>();
    for (SeriesSample s : of(samples, SeriesNames.KUBE_POD_LABEL, pod)) {
      String value = s.series().label("value");
      out.put(s.series().label("key"), value == null ? "" : value);
    }
    return out;
  }

  private static double value(List<SeriesSample> samples, String metric, String pod, String... l) {
    List<SeriesSample> found =
        of(samples, metric, pod).stream()
            .filter(
                s -> {
                  for (int i = 0; i < l.length; i += 2) {
                    if (!l[i + 1].equals(s.series().label(l[i]))) {
                      return false;
                    }
                  }
                  return true;
                })
            .toList();
    assertThat(found).as("%s of %s %s", metric, pod, List.of(l)).hasSize(1);
    return found.get(0).value();
  }

  @Test
  void readsLabelsOwnersRequestsAndLimitsOfARealKubernetes135Kubelet() throws Exception {
    List<SeriesSample> samples = parse(Files.readAllBytes(Fixtures.require(K8S_135)));

    // 24 pods listed, 6 of them finished (a failed Job's, a CronJob's): 18 kept, 122 samples.
    assertThat(samples).hasSize(122);
    assertThat(samples).allMatch(s -> s.timestampMillis() == T);
    assertThat(samples).allMatch(s -> "n1".equals(s.series().label("node")));
    assertThat(
            samples.stream()
                .filter(s -> s.series().metric().equals(SeriesNames.KUBE_POD_LABELS))
                .count())
        .isEqualTo(18);
    assertThat(samples.stream().map(s -> s.series().label("pod")))
        .noneMatch(pod -> pod.startsWith("e2e-failjob") || pod.startsWith("e2e-cronjob"));

    String hpa = "e2e-hpa-6cd8d99884-tggnr";
    assertThat(podLabels(samples, hpa))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("app", "hpa", "pod-template-hash", "6cd8d99884", "run", "php-apache"));
    SeriesKey info = of(samples, SeriesNames.KUBE_POD_LABELS, hpa).get(0).series();
    assertThat(info.labels())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "node", "n1",
                "namespace", "scraper",
                "pod", hpa,
                "label_app", "hpa",
                "label_pod_template_hash", "6cd8d99884",
                "label_run", "php-apache"));
    assertThat(of(samples, SeriesNames.KUBE_POD_OWNER, hpa))
        .extracting(s -> s.series().labels())
        .containsExactly(
            Map.of(
                "node", "n1",
                "namespace", "scraper",
                "pod", hpa,
                "owner_kind", "ReplicaSet",
                "owner_name", "e2e-hpa-6cd8d99884",
                "owner_is_controller", "true"));
    assertThat(
            value(
                samples,
                SeriesNames.KUBE_POD_CONTAINER_RESOURCE_REQUESTS,
                hpa,
                "resource",
                "cpu",
                "unit",
                "core"))
        .isEqualTo(0.2);
    assertThat(
            value(
                samples,
                SeriesNames.KUBE_POD_CONTAINER_RESOURCE_LIMITS,
                hpa,
                "container",
                "php-apache",
                "unit",
                "core"))
        .isEqualTo(0.5);
    assertThat(of(samples, SeriesNames.KUBE_POD_CONTAINER_RESOURCE_REQUESTS, hpa)).hasSize(1);

    String coredns = "coredns-7d764666f9-qdcxt";
    assertThat(
            value(
                samples,
                SeriesNames.KUBE_POD_CONTAINER_RESOURCE_LIMITS,
                coredns,
                "resource",
                "memory",
                "unit",
                "byte"))
        .isEqualTo(170.0 * (1 << 20));
    assertThat(
            value(
                samples,
                SeriesNames.KUBE_POD_CONTAINER_RESOURCE_REQUESTS,
                coredns,
                "resource",
                "memory"))
        .isEqualTo(70.0 * (1 << 20));
    assertThat(
            value(
                samples,
                SeriesNames.KUBE_POD_CONTAINER_RESOURCE_REQUESTS,
                coredns,
                "resource",
                "cpu"))
        .isEqualTo(0.1);
    // Decimal megabytes.
    assertThat(
            value(
                samples,
                SeriesNames.KUBE_POD_CONTAINER_RESOURCE_LIMITS,
                "e2e-container-creating",
                "resource",
                "memory"))
        .isEqualTo(5e6);

    // Dotted and slashed keys: exact in kube_pod_label, replaced in kube_pod_labels.
    String ksm = "e2e-kube-state-metrics-75b885dc9-97mtr";
    assertThat(podLabels(samples, ksm))
        .containsEntry("app.kubernetes.io/name", "kube-state-metrics")
        .containsEntry("helm.sh/chart", "kube-state-metrics-6.1.5")
        .hasSize(8);
    assertThat(of(samples, SeriesNames.KUBE_POD_LABELS, ksm).get(0).series().labels())
        .containsEntry("label_app_kubernetes_io_name", "kube-state-metrics")
        .containsEntry("label_helm_sh_chart", "kube-state-metrics-6.1.5");

    // StatefulSet and DaemonSet owners; static pods have none, and nothing is requested.
    assertThat(
            of(samples, SeriesNames.KUBE_POD_OWNER, "e2e-statefulset-0").get(0).series().labels())
        .containsEntry("owner_kind", "StatefulSet")
        .containsEntry("owner_name", "e2e-statefulset");
    assertThat(of(samples, SeriesNames.KUBE_POD_OWNER, "kindnet-zkpn8").get(0).series().labels())
        .containsEntry("owner_kind", "DaemonSet");
    assertThat(of(samples, SeriesNames.KUBE_POD_OWNER, "etcd-datagen-1-35")).isEmpty();
    assertThat(of(samples, SeriesNames.KUBE_POD_LABELS, "etcd-datagen-1-35")).hasSize(1);
    assertThat(of(samples, SeriesNames.KUBE_POD_CONTAINER_RESOURCE_REQUESTS, "kube-proxy-8k9zt"))
        .isEmpty();
    assertThat(of(samples, SeriesNames.KUBE_POD_LABELS, "kube-proxy-8k9zt")).hasSize(1);
  }

  @Test
  void readsTheIndentedPodListOfAKubernetes115Kubelet() throws Exception {
    List<SeriesSample> samples = parse(Files.readAllBytes(Fixtures.require(K8S_115)));

    assertThat(samples).hasSize(79);
    TreeSet<String> pods =
        samples.stream()
            .filter(s -> s.series().metric().equals(SeriesNames.KUBE_POD_LABELS))
            .map(s -> s.series().label("namespace") + "/" + s.series().label("pod"))
            .collect(Collectors.toCollection(TreeSet::new));
    assertThat(pods)
        .hasSize(15)
        .contains("default/cockroachdb-2", "kube-system/etcd-minikube", "default/sh");
    assertThat(
            value(
                samples,
                SeriesNames.KUBE_POD_CONTAINER_RESOURCE_REQUESTS,
                "cockroachdb-2",
                "resource",
                "cpu"))
        .isEqualTo(0.003);
    assertThat(
            value(
                samples,
                SeriesNames.KUBE_POD_CONTAINER_RESOURCE_LIMITS,
                "cockroachdb-2",
                "resource",
                "cpu"))
        .isEqualTo(0.005);
    assertThat(podLabels(samples, "cockroachdb-2"))
        .containsEntry("statefulset.kubernetes.io/pod-name", "cockroachdb-2");
  }

  @Test
  void numbersClashingLabelNamesAndKeepsEmptyValuesAsTheirKeyAlone() throws Exception {
    List<SeriesSample> samples =
        parse(
            """
            {"kind": "PodList", "apiVersion": "v1", "metadata": {}, "items": [
              {"metadata": {"name": "p", "namespace": "ns",
                 "labels": {"a.b": "dot", "a/b": "slash", "a_b": "underscore", "flag": "",
                            "Zeta": "upper"}},
               "spec": {"containers": [{"name": "c"}]},
               "status": {"phase": "Running"}}]}
            """);

    Map<String, String> info =
        of(samples, SeriesNames.KUBE_POD_LABELS, "p").get(0).series().labels();
    assertThat(info)
        .containsEntry("label_a_b_conflict1", "dot")
        .containsEntry("label_a_b_conflict2", "slash")
        .containsEntry("label_a_b_conflict3", "underscore")
        .containsEntry("label_Zeta", "upper")
        .doesNotContainKey("label_flag"); // an empty value is no label in Prometheus
    assertThat(podLabels(samples, "p"))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("a.b", "dot", "a/b", "slash", "a_b", "underscore", "flag", "", "Zeta", "upper"));
  }

  @Test
  void acceptsAKubeletWithoutPodsAndPodsWithNullFields() throws Exception {
    assertThat(parse("{\"kind\":\"PodList\",\"apiVersion\":\"v1\",\"metadata\":{},\"items\":null}"))
        .isEmpty();
    assertThat(parse("{\"kind\":\"PodList\",\"items\":[]}")).isEmpty();
    List<SeriesSample> samples =
        parse(
            """
            {"kind": "PodList", "items": [{"metadata": {"name": "p", "namespace": "ns",
              "labels": null, "ownerReferences": null},
              "spec": {"containers": [{"name": "c", "resources": {"requests": null}}]},
              "status": {}}]}
            """);
    assertThat(samples)
        .extracting(s -> s.series().metric())
        .containsExactly(SeriesNames.KUBE_POD_LABELS);
  }

  @Test
  void doesNotDependOnTheOrderOfFields() throws Exception {
    List<SeriesSample> samples =
        parse(
            """
            {"items": [{"status": {"phase": "Pending"},
               "spec": {"containers": [{"resources": {"limits": {"memory": "1Gi"}}, "name": "c"}]},
               "metadata": {"labels": {"app": "x"}, "namespace": "ns", "name": "p"}}],
             "kind": "PodList"}
            """);

    assertThat(podLabels(samples, "p")).containsExactly(Map.entry("app", "x"));
    assertThat(
            value(
                samples,
                SeriesNames.KUBE_POD_CONTAINER_RESOURCE_LIMITS,
                "p",
                "container",
                "c",
                "resource",
                "memory"))
        .isEqualTo((double) (1L << 30));
  }

  @Test
  void rejectsMalformedPayloadsSayingWhereAndSendsNothing() {
    Map<String, String> cases = new LinkedHashMap<>();
    cases.put(
        "{\"kind\":\"PodList\",\"items\":[{\"metadata\":{\"name\":\"p\"",
        "malformed /pods at line 1");
    cases.put("<html>502 Bad Gateway</html>", "malformed /pods at line 1, column");
    cases.put(
        "{\"kind\":\"Status\",\"status\":\"Failure\",\"message\":\"Forbidden\"}",
        "not a PodList: kind is 'Status'");
    cases.put("{\"items\":[]}", "not a PodList: the object has no kind");
    cases.put("[]", "expected an object for the top level, found an array");
    cases.put(
        "{\"kind\":\"PodList\",\"items\":{}}", "expected an array for items, found an object");
    cases.put(
        "{\"kind\":\"PodList\",\"items\":[{\"metadata\":{\"name\":\"p\",\"namespace\":\"n\","
            + "\"labels\":{\"app\":3}}}]}",
        "expected a string for items[0].metadata.labels.app, found a number");
    cases.put(
        "{\"kind\":\"PodList\",\"items\":[{\"metadata\":{\"namespace\":\"n\"}}]}",
        "items[0] has no metadata.name");
    cases.put(
        "{\"kind\":\"PodList\",\"items\":[{\"metadata\":{\"name\":\"p\",\"namespace\":\"n\"},"
            + "\"spec\":{\"containers\":[{\"name\":\"c\",\"resources\":{\"requests\":"
            + "{\"cpu\":\"lots\"}}}]}}]}",
        "pod n/p, container c, resources.requests.cpu: invalid quantity 'lots'");
    cases.put("{\"kind\":\"PodList\",\"items\":[]} {}", "unexpected content after the top-level");
    for (Map.Entry<String, String> c : cases.entrySet()) {
      List<SeriesKey> sent = new ArrayList<>();
      assertThatThrownBy(
              () ->
                  parser.parse(
                      c.getKey().getBytes(StandardCharsets.UTF_8),
                      "n1",
                      T,
                      (k, ts, v) -> sent.add(k)))
          .as(c.getKey())
          .isInstanceOf(PodListParseException.class)
          .hasMessageContaining(c.getValue());
      assertThat(sent).as(c.getKey()).isEmpty();
    }
  }

  @Test
  void sendsNothingWhenALaterPodHasABadQuantity() {
    String json =
        """
        {"kind": "PodList", "items": [
          {"metadata": {"name": "good", "namespace": "ns", "labels": {"app": "a"}},
           "spec": {"containers": [{"name": "c", "resources": {"requests": {"cpu": "1"}}}]}},
          {"metadata": {"name": "bad", "namespace": "ns"},
           "spec": {"containers": [{"name": "c", "resources": {"limits": {"memory": "1 Gi"}}}]}}]}
        """;
    List<SeriesKey> sent = new ArrayList<>();

    assertThatThrownBy(
            () ->
                parser.parse(
                    json.getBytes(StandardCharsets.UTF_8), "n1", T, (k, t, v) -> sent.add(k)))
        .hasMessageContaining("pod ns/bad, container c, resources.limits.memory");
    assertThat(sent).isEmpty();
  }

  @Test
  void sanitizesKeysAsKubeStateMetricsDoes() {
    assertThat(PodListParser.sanitize("app.kubernetes.io/name"))
        .isEqualTo("label_app_kubernetes_io_name");
    assertThat(PodListParser.sanitize("pod-template-hash")).isEqualTo("label_pod_template_hash");
    assertThat(PodListParser.sanitize("Tier_2")).isEqualTo("label_Tier_2");
    assertThat(PodListParser.prometheusNames(Map.of("x", "1")).keySet())
        .isEqualTo(Set.of("label_x"));
  }
}
