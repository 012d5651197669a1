/**
 * The kubelet's {@code /pods} ({@code v1 PodList}) parser: each pod's labels, owners and container
 * resource requests and limits as info series in the style of kube-state-metrics.
 */
package io.tidemark.collector.pods;
