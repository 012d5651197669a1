/**
 * The chunk codec: a run of one series' samples compressed into a checksummed byte array ({@code
 * Chunk/1}), timestamps as delta-of-delta, values as scaled integers or Gorilla XOR.
 */
package io.tidemark.storage.chunk;
