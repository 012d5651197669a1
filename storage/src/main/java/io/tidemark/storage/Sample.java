package io.tidemark.storage;

/**
 * One point of a series.
 *
 * @param timestampMillis milliseconds since the Unix epoch
 * @param value the value; NaN and infinities are allowed
 */
public record Sample(long timestampMillis, double value) {}
