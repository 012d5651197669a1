/**
 * Tidemark's own parser of the Prometheus text exposition format (0.0.4), working on bytes: no
 * String per line, repeated names and label values served from a cache.
 */
package io.tidemark.collector.promtext;
