/**
 * Where the list of kubelets comes from: the configuration ({@code scrape.targets.static}), a
 * watched file ({@code scrape.targets.file}), or the Nodes of the API server ({@code
 * scrape.targets.kubernetes}, with fabric8's client).
 */
package io.tidemark.collector.targets;
