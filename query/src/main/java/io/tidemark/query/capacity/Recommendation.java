package io.tidemark.query.capacity;

import java.util.List;

/**
 * A right-sizing recommendation for one container of a workload.
 *
 * @param namespace the workload's namespace
 * @param workload {@code Kind/name}, see {@link Workload}
 * @param container the container's name
 * @param pods the pods whose history was used
 * @param buckets 5-minute CPU values the figures come from
 * @param cpu CPU, in cores
 * @param memory memory, in bytes
 */
public record Recommendation(
    String namespace,
    String workload,
    String container,
    List<String> pods,
    long buckets,
    Cpu cpu,
    Memory memory) {

  /**
   * CPU figures in cores; {@code null} where unknown or not recommended.
   *
   * @param currentRequest the request the kubelet reports now
   * @param currentLimit the limit the kubelet reports now
   * @param p95 the 95th percentile of 5-minute average usage over the window
   * @param recommendedRequest the recommended request
   * @param recommendedLimit the recommended limit (none for CPU)
   */
  public record Cpu(
      Double currentRequest,
      Double currentLimit,
      double p95,
      double recommendedRequest,
      Double recommendedLimit) {}

  /**
   * Memory figures in bytes.
   *
   * @param currentRequest the request the kubelet reports now
   * @param currentLimit the limit the kubelet reports now
   * @param peak the largest working set seen over the window
   * @param recommendedRequest the recommended request
   * @param recommendedLimit the recommended limit
   */
  public record Memory(
      Double currentRequest,
      Double currentLimit,
      double peak,
      double recommendedRequest,
      Double recommendedLimit) {}
}
