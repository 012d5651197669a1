/**
 * Tidemark's own parsers of the text exposition formats behind one interface, {@link
 * io.tidemark.collector.promtext.TextParser}: Prometheus text 0.0.4 on bytes (no String per line,
 * repeated names and label values served from a cache), and OpenMetrics 1.0 line by line, both
 * reading numbers with one float reader.
 */
package io.tidemark.collector.promtext;
