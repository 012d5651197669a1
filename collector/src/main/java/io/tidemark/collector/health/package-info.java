/** Dropwizard health checks: is the store usable. */
package io.tidemark.collector.health;
