package io.tidemark.query.metrics;

/**
 * Kubernetes {@code resource.Quantity} in canonical form, as metrics-server prints them.
 *
 * <p>CPU is a decimal quantity counted in nano-cores ({@code 123456n}); memory a binary quantity
 * counted in bytes ({@code 4620Ki}). Canonical form uses the largest suffix that keeps the number
 * an integer, as {@code Quantity.String()} does.
 */
public final class Quantities {

  private static final String[] DECIMAL_SUFFIXES = {
    "n", "u", "m", "", "k", "M", "G", "T", "P", "E"
  };
  private static final String[] BINARY_SUFFIXES = {"", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};

  private Quantities() {}

  /** A decimal quantity of {@code nanos} billionths, for example CPU nano-cores. */
  public static String decimalNanos(long nanos) {
    if (nanos == 0) {
      return "0";
    }
    long mantissa = nanos;
    int exponent = 0; // index into DECIMAL_SUFFIXES; 0 is 10^-9
    while (mantissa % 1000 == 0 && exponent < DECIMAL_SUFFIXES.length - 1) {
      mantissa /= 1000;
      exponent++;
    }
    return mantissa + DECIMAL_SUFFIXES[exponent];
  }

  /**
   * A binary quantity of {@code bytes}: with a binary suffix when the value is a multiple of 1024,
   * plain otherwise.
   */
  public static String binaryBytes(long bytes) {
    if (bytes == 0) {
      return "0";
    }
    long mantissa = bytes;
    int exponent = 0;
    while (mantissa % 1024 == 0 && exponent < BINARY_SUFFIXES.length - 1) {
      mantissa /= 1024;
      exponent++;
    }
    return mantissa + BINARY_SUFFIXES[exponent];
  }
}
