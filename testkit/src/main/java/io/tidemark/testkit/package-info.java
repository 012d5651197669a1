/**
 * Test helpers shared by every module's tests and by the load tools: {@link
 * io.tidemark.testkit.ManualClock}, {@link io.tidemark.testkit.Fixtures} (where the shared
 * third-party payloads are, or why a test skips), real peers and clients run as child processes
 * ({@link io.tidemark.testkit.ChildProcess}, {@link io.tidemark.testkit.PrometheusProcess}, {@link
 * io.tidemark.testkit.Promtool}, {@link io.tidemark.testkit.Kubectl}, found with {@link
 * io.tidemark.testkit.Binaries}), and {@link io.tidemark.testkit.PromAnswer}, the reader of
 * Prometheus API answers. Test scope only: nothing here ships in the product jar.
 */
package io.tidemark.testkit;
