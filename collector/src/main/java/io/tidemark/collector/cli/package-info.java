/** Commands of the runnable jar beyond Dropwizard's own {@code server} and {@code check}. */
package io.tidemark.collector.cli;
