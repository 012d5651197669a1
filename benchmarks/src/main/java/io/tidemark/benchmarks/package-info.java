/**
 * JMH benchmarks of Tidemark's hot paths, one class per path, and the compression run. {@code
 * benchmarks/README.md} says how to run them; {@code docs/benchmarks.md} holds the latest figures.
 */
package io.tidemark.benchmarks;
