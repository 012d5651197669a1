/**
 * The {@code /stats/summary} parser: a Jackson streaming parser from the Summary API's JSON to
 * samples, with each sample's time taken from the kubelet's own stats time.
 */
package io.tidemark.collector.summary;
