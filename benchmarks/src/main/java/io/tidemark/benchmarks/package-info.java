/** JMH benchmarks of Tidemark's hot paths; see {@code benchmarks/README.md} for how to run them. */
package io.tidemark.benchmarks;
