package io.tidemark.query.metrics;

import io.tidemark.query.series.SeriesNames;
import io.tidemark.storage.LabelMatcher;
import io.tidemark.storage.Sample;
import io.tidemark.storage.SeriesKey;
import io.tidemark.storage.TimeSeriesStore;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The labels of pods as the kubelets' {@code /pods} last reported them, read from the store.
 *
 * <p>The collector writes, per pod and scrape, one {@code kube_pod_labels} series (whose newest
 * sample says which node last listed the pod, and when) and one {@code kube_pod_label{key, value}}
 * series per label, all with the scrape's time. A pod's current labels are therefore the {@code
 * kube_pod_label} series of that node whose newest sample has the same time: a label removed from
 * the pod stops getting samples and drops out, a changed value is a new series. The exact keys are
 * kept ({@code app.kubernetes.io/name}), unlike {@code kube_pod_labels}' {@code label_} names.
 *
 * <p>Thread safety: stateless apart from the store; safe from any thread.
 */
final class PodLabels {

  private final TimeSeriesStore store;

  PodLabels(TimeSeriesStore store) {
    this.store = store;
  }

  /**
   * The newest labels of a pod, sorted by key; empty when no scrape of {@code /pods} ever listed it
   * (the endpoint is not scraped, or the pod is older than the first scrape of it).
   */
  Optional<Map<String, String>> newest(String namespace, String pod) {
    SeriesKey newest = null;
    long newestMillis = Long.MIN_VALUE;
    for (SeriesKey info :
        store.select(
            List.of(
                LabelMatcher.equal(LabelMatcher.METRIC_NAME, SeriesNames.KUBE_POD_LABELS),
                LabelMatcher.equal(SeriesNames.NAMESPACE_LABEL, namespace),
                LabelMatcher.equal(SeriesNames.POD_LABEL, pod)))) {
      List<Sample> last = store.lastSamples(info, 1);
      if (!last.isEmpty() && last.get(0).timestampMillis() > newestMillis) {
        newest = info;
        newestMillis = last.get(0).timestampMillis();
      }
    }
    if (newest == null) {
      return Optional.empty();
    }
    Map<String, String> labels = new TreeMap<>();
    String node = newest.label(SeriesNames.NODE_LABEL);
    for (SeriesKey label :
        store.select(
            List.of(
                LabelMatcher.equal(LabelMatcher.METRIC_NAME, SeriesNames.KUBE_POD_LABEL),
                LabelMatcher.equal(SeriesNames.NAMESPACE_LABEL, namespace),
                LabelMatcher.equal(SeriesNames.POD_LABEL, pod),
                LabelMatcher.equal(SeriesNames.NODE_LABEL, node == null ? "" : node)))) {
      String key = label.label(SeriesNames.KEY_LABEL);
      List<Sample> last = store.lastSamples(label, 1);
      if (key != null && !last.isEmpty() && last.get(0).timestampMillis() == newestMillis) {
        String value = label.label(SeriesNames.VALUE_LABEL);
        labels.put(key, value == null ? "" : value); // an empty value is stored as no label
      }
    }
    return Optional.of(labels);
  }

  /**
   * The pods, as {@code namespace/name}, that were ever listed with label {@code key} set to one of
   * {@code values}: a superset of those that have it now, found from the index alone.
   *
   * @param namespace the namespace, or {@code null} for all
   */
  Set<String> everLabelled(String namespace, String key, List<String> values) {
    Set<String> out = new HashSet<>();
    for (String value : values) {
      List<LabelMatcher> matchers =
          new ArrayList<>(
              List.of(
                  LabelMatcher.equal(LabelMatcher.METRIC_NAME, SeriesNames.KUBE_POD_LABEL),
                  LabelMatcher.equal(SeriesNames.KEY_LABEL, key),
                  LabelMatcher.equal(SeriesNames.VALUE_LABEL, value)));
      if (namespace != null) {
        matchers.add(LabelMatcher.equal(SeriesNames.NAMESPACE_LABEL, namespace));
      }
      for (SeriesKey series : store.select(matchers)) {
        out.add(
            series.label(SeriesNames.NAMESPACE_LABEL) + "/" + series.label(SeriesNames.POD_LABEL));
      }
    }
    return out;
  }
}
