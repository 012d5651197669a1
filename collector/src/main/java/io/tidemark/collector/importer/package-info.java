/**
 * Import of Prometheus text and OpenMetrics files into a store, streamed block by block through the
 * collector's parsers: {@link io.tidemark.collector.importer.Importer}.
 */
package io.tidemark.collector.importer;
