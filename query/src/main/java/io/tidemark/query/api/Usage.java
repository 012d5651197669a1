package io.tidemark.query.api;

/**
 * Resource usage in Kubernetes quantity notation.
 *
 * @param cpu CPU in cores, for example {@code 110691045n}
 * @param memory working-set memory, for example {@code 801112Ki}
 */
public record Usage(String cpu, String memory) {}
