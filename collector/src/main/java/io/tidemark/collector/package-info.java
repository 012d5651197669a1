/**
 * The runnable daemon: {@link io.tidemark.collector.TidemarkApplication} wires the store, the
 * kubelet client, the scrape scheduler and the HTTP resources together and does nothing else.
 */
package io.tidemark.collector;
