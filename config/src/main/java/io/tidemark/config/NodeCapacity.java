package io.tidemark.config;

/**
 * What a node has, as the API server's Node object states it ({@code status.capacity}).
 *
 * <p>Known only when targets come from Kubernetes discovery; a kubelet no longer serves its machine
 * info itself ({@code /spec/} was removed in Kubernetes 1.21).
 *
 * @param cpuCores CPU cores, or {@code NaN} when the node does not say
 * @param memoryBytes memory in bytes, or {@code NaN} when the node does not say
 */
public record NodeCapacity(double cpuCores, double memoryBytes) {

  /** Whether either figure is known. */
  public boolean known() {
    return !Double.isNaN(cpuCores) || !Double.isNaN(memoryBytes);
  }
}
