/** The collector's own JAX-RS resources: scrape health. */
package io.tidemark.collector.resources;
