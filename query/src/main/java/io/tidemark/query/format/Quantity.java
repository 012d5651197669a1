package io.tidemark.query.format;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Kubernetes {@code resource.Quantity}: reads one ({@code 250m}, {@code 1.5}, {@code 512Mi}, {@code
 * 1G}, {@code 1e3}) as apimachinery's {@code ParseQuantity} does, and writes one in canonical form
 * as {@code Quantity.String()} and metrics-server do. The kubelet's {@code /pods} reader, the
 * Metrics API and the simulator all use this class.
 *
 * <p>Grammar: {@code [+-] (DIGITS | DIGITS "." [DIGITS] | "." DIGITS) [SUFFIX]}, where the suffix
 * is binary ({@code Ki Mi Gi Ti Pi Ei}: powers of 1024), decimal ({@code n u m k M G T P E}: powers
 * of 1000), or a decimal exponent ({@code e} or {@code E}, an optional sign and digits). Nothing
 * else, not even white space, is accepted. The value is computed exactly.
 *
 * <p>Rounding follows what Kubernetes itself counts: CPU in whole millicores rounded up ({@code
 * Quantity.MilliValue()}, what the scheduler sums), memory and other byte quantities in whole bytes
 * rounded up ({@code Quantity.Value()}). kube-state-metrics reports requests the same way.
 */
public final class Quantity {

  private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);
  private static final String[] DECIMAL_SUFFIXES = {
    "n", "u", "m", "", "k", "M", "G", "T", "P", "E"
  };
  private static final String[] BINARY_SUFFIXES = {"", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};

  private Quantity() {}

  /**
   * The exact value of {@code text}.
   *
   * @throws IllegalArgumentException naming {@code text} when it is not a quantity
   */
  public static BigDecimal parse(String text) {
    if (text == null || text.isEmpty()) {
      throw invalid(text, "it is empty");
    }
    int i = 0;
    int length = text.length();
    boolean negative = false;
    if (text.charAt(0) == '+' || text.charAt(0) == '-') {
      negative = text.charAt(0) == '-';
      i++;
    }
    int numberStart = i;
    int integerDigits = 0;
    while (i < length && isDigit(text.charAt(i))) {
      i++;
      integerDigits++;
    }
    int fractionDigits = 0;
    if (i < length && text.charAt(i) == '.') {
      i++;
      while (i < length && isDigit(text.charAt(i))) {
        i++;
        fractionDigits++;
      }
    }
    if (integerDigits + fractionDigits == 0) {
      throw invalid(text, "it does not start with a number");
    }
    String number = text.substring(numberStart, i);
    if (number.endsWith(".")) {
      number = number.substring(0, number.length() - 1);
    }
    BigDecimal value = new BigDecimal(number.startsWith(".") ? "0" + number : number);
    value = value.multiply(multiplier(text, text.substring(i)));
    return negative ? value.negate() : value;
  }

  /**
   * {@code text} in cores, rounded up to whole millicores ({@code 250m} is 0.25, {@code 1.5} is
   * 1.5, {@code 100u} is 0.001).
   *
   * @throws IllegalArgumentException naming {@code text} when it is not a quantity
   */
  public static double cores(String text) {
    return parse(text)
        .multiply(THOUSAND)
        .setScale(0, RoundingMode.CEILING)
        .divide(THOUSAND)
        .doubleValue();
  }

  /**
   * {@code text} in bytes, rounded up to whole bytes ({@code 512Mi} is 536870912, {@code 1G} is
   * 1000000000).
   *
   * @throws IllegalArgumentException naming {@code text} when it is not a quantity
   */
  public static double bytes(String text) {
    return parse(text).setScale(0, RoundingMode.CEILING).doubleValue();
  }

  /**
   * The canonical form of a decimal quantity of {@code nanos} billionths, such as CPU nano-cores
   * ({@code 123456n}, {@code 250m}, {@code 2}): the largest suffix that keeps the number an
   * integer.
   */
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
   * The canonical form of a binary quantity of {@code bytes} ({@code 4620Ki}, {@code 3Gi}): with a
   * binary suffix when the value is a multiple of 1024, plain otherwise.
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

  private static BigDecimal multiplier(String text, String suffix) {
    return switch (suffix) {
      case "" -> BigDecimal.ONE;
      case "n" -> BigDecimal.ONE.scaleByPowerOfTen(-9);
      case "u" -> BigDecimal.ONE.scaleByPowerOfTen(-6);
      case "m" -> BigDecimal.ONE.scaleByPowerOfTen(-3);
      case "k" -> BigDecimal.ONE.scaleByPowerOfTen(3);
      case "M" -> BigDecimal.ONE.scaleByPowerOfTen(6);
      case "G" -> BigDecimal.ONE.scaleByPowerOfTen(9);
      case "T" -> BigDecimal.ONE.scaleByPowerOfTen(12);
      case "P" -> BigDecimal.ONE.scaleByPowerOfTen(15);
      case "E" -> BigDecimal.ONE.scaleByPowerOfTen(18);
      case "Ki" -> BigDecimal.valueOf(1L << 10);
      case "Mi" -> BigDecimal.valueOf(1L << 20);
      case "Gi" -> BigDecimal.valueOf(1L << 30);
      case "Ti" -> BigDecimal.valueOf(1L << 40);
      case "Pi" -> BigDecimal.valueOf(1L << 50);
      case "Ei" -> BigDecimal.valueOf(1L << 60);
      default -> exponent(text, suffix);
    };
  }

  /** {@code e3}, {@code E-2}, {@code e+6}: a power of ten. */
  private static BigDecimal exponent(String text, String suffix) {
    if (suffix.charAt(0) != 'e' && suffix.charAt(0) != 'E') {
      throw invalid(text, "unknown suffix '" + suffix + "'");
    }
    String digits = suffix.substring(1);
    if (digits.startsWith("+") || digits.startsWith("-")) {
      digits = digits.substring(1);
    }
    if (digits.isEmpty() || !digits.chars().allMatch(Quantity::isDigit) || digits.length() > 3) {
      throw invalid(text, "unknown suffix '" + suffix + "'");
    }
    int power = Integer.parseInt(suffix.substring(1));
    return BigDecimal.ONE.scaleByPowerOfTen(power);
  }

  private static boolean isDigit(int c) {
    return c >= '0' && c <= '9';
  }

  private static IllegalArgumentException invalid(String text, String why) {
    return new IllegalArgumentException(
        "invalid quantity '"
            + text
            + "': "
            + why
            + " (expected a number with an optional suffix"
            + " n, u, m, k, M, G, T, P, E, Ki, Mi, Gi, Ti, Pi, Ei or an exponent like e3)");
  }
}
