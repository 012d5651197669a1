/** JSON representations served by the collector's own resources, as records. */
package io.tidemark.collector.api;
