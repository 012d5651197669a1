/** Where the list of kubelets comes from: the configuration, a watched file. */
package io.tidemark.collector.targets;
