/**
 * The built-in kubelet simulator: a fleet of simulated nodes served over HTTP on loopback in the
 * exact shapes of real kubelet payloads, with values that evolve realistically and
 * deterministically from a seed. Used by {@code demo}, by tests and by benchmarks.
 */
package io.tidemark.simulator;
