/**
 * The typed configuration of Tidemark: one Dropwizard {@code Configuration} and its parts, each
 * validated at start-up so that a wrong value stops the process with the full key named.
 */
package io.tidemark.config;
