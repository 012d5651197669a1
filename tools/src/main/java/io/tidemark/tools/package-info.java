/**
 * Fleet-scale runs of the whole daemon as a separate process: {@link io.tidemark.tools.LoadRun}
 * (the fleet load test, {@code tools/load.sh}) and {@link io.tidemark.tools.CompareRun} (the
 * side-by-side with Prometheus and VictoriaMetrics, {@code tools/compare.sh}).
 *
 * <p>Both start the built-in kubelet simulator as its own process, measure other processes from
 * {@code /proc} (CPU seconds, peak RSS) and over loopback HTTP, and write their figures as a
 * Markdown table and a JSON file. The helpers here are shared by both; only the two mains are
 * public. Child processes and Prometheus API answers are handled as the tests handle them, with
 * {@link io.tidemark.testkit.ChildProcess} and {@link io.tidemark.testkit.PromAnswer}.
 */
package io.tidemark.tools;
