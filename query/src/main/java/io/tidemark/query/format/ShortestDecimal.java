package io.tidemark.query.format;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * The shortest decimal that reads back as a positive, finite double, as {@link GoNumbers} writes
 * it, held as its digits in a {@code long} and a scale: {@link Double#toString}'s digits, and, when
 * those are 16 or more (or the double is subnormal), the same digits rounded to one digit fewer at
 * a time for as long as they still read back. Immutable.
 *
 * <p>Design note. {@link #reference} is the definition, with {@link BigDecimal}: the exact binary
 * value expanded and rounded. It costs microseconds a number, and a range query's JSON writes one
 * number a point. {@link #of} gives the same decimal without it: the digits of {@link
 * Double#toString} are read into a {@code long}, and where they are shortened, the rounding of the
 * exact value to fewer digits is decided by comparing the double with decimal bounds exactly, in
 * 128-bit integer arithmetic. Numbers outside the range that arithmetic covers (below about 1e-12
 * when shortened, at or above 1e15 when shortened, subnormals) take {@link #reference}.
 */
final class ShortestDecimal {

  private static final double[] POW10_DOUBLE = new double[23];
  private static final long[] POW10 = new long[19];
  private static final long[] POW5 = new long[28];

  static {
    double d = 1;
    for (int i = 0; i < POW10_DOUBLE.length; i++) {
      POW10_DOUBLE[i] = d;
      d *= 10;
    }
    long p = 1;
    for (int i = 0; i < POW10.length; i++) {
      POW10[i] = p;
      p *= 10;
    }
    p = 1;
    for (int i = 0; i < POW5.length; i++) {
      POW5[i] = p;
      p *= 5;
    }
  }

  /** The digits, without trailing zeros. */
  final long digits;

  /** The value is {@link #digits} times ten to the minus {@code scale}. */
  final int scale;

  private ShortestDecimal(long digits, int scale) {
    this.digits = digits;
    this.scale = scale;
  }

  private static ShortestDecimal of(BigDecimal decimal) {
    return new ShortestDecimal(decimal.unscaledValue().longValueExact(), decimal.scale());
  }

  /** How many digits there are. */
  int precision() {
    int n = 1;
    while (n < 19 && digits >= POW10[n]) {
      n++;
    }
    return n;
  }

  /** The decimal exponent of the first digit: 2 for 123, -3 for 0.00123. */
  int exponent() {
    return precision() - 1 - scale;
  }

  /** As {@link BigDecimal}, for tests. */
  BigDecimal toBigDecimal() {
    return BigDecimal.valueOf(digits, scale);
  }

  /** The shortest decimal of {@code abs} (positive, finite), without trailing zeros. */
  static ShortestDecimal of(double abs) {
    if (abs < Double.MIN_NORMAL) {
      return of(reference(abs));
    }
    String text = Double.toString(abs);
    // Java's form: "123.456", "0.00123" or "1.2345E-5"; read the digits and the exponent.
    long digits = 0;
    int count = 0;
    int pointShift = 0; // digits after the point
    boolean afterPoint = false;
    int exponent = 0;
    int length = text.length();
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      if (c == '.') {
        afterPoint = true;
      } else if (c == 'E') {
        exponent = Integer.parseInt(text, i + 1, length, 10);
        break;
      } else {
        if (count == 0 && c == '0') {
          if (afterPoint) {
            pointShift++;
          }
          continue;
        }
        if (count == 18) {
          return of(reference(abs));
        }
        digits = digits * 10 + (c - '0');
        count++;
        if (afterPoint) {
          pointShift++;
        }
      }
    }
    int scale = pointShift - exponent;
    while (digits % 10 == 0) {
      digits /= 10;
      scale--;
      count--;
    }
    if (count < 16) {
      return new ShortestDecimal(digits, scale);
    }
    return shorten(abs, digits, count, scale);
  }

  /**
   * {@link #reference}'s loop for {@code digits * 10^-scale}, {@code count} digits long: rounds the
   * exact value of {@code abs} to one digit fewer at a time, keeping each rounding that reads back.
   */
  private static ShortestDecimal shorten(double abs, long digits, int count, int scale) {
    long bits = Double.doubleToRawLongBits(abs);
    long mantissa = (bits & 0x000F_FFFF_FFFF_FFFFL) | 0x0010_0000_0000_0000L;
    int binaryExponent = (int) ((bits >>> 52) & 0x7FF) - 1075;
    // The exponent of the leading digit of digits * 10^-scale.
    int leading = count - 1 - scale;
    long keptDigits = digits;
    int keptScale = scale;
    for (int d = count - 1; d >= 1; d--) {
      int q = leading - d + 1; // the unit of the d-digit rounding is 10^q
      long t = digits / POW10[count - d];
      // The exact value lies within a unit or so of the printed digits: find its truncation T.
      int moves = 0;
      int c;
      while ((c = compare(mantissa, binaryExponent, t, q)) != 1 && c != 0) {
        if (c == Integer.MIN_VALUE || ++moves > 3) {
          return of(reference(abs));
        }
        t--;
      }
      while ((c = compare(mantissa, binaryExponent, t + 1, q)) >= 0) {
        if (c == Integer.MIN_VALUE || ++moves > 3) {
          return of(reference(abs));
        }
        t++;
      }
      if (c == Integer.MIN_VALUE || t < POW10[d - 1] || t >= POW10[d]) {
        return of(reference(abs));
      }
      int half = compare(mantissa, binaryExponent, t * 10 + 5, q - 1);
      if (half == Integer.MIN_VALUE) {
        return of(reference(abs));
      }
      long rounded = half > 0 || (half == 0 && (t & 1) == 1) ? t + 1 : t;
      if (toDouble(rounded, q) != abs) {
        break;
      }
      int s = -q;
      while (rounded % 10 == 0) {
        rounded /= 10;
        s--;
      }
      keptDigits = rounded;
      keptScale = s;
    }
    return new ShortestDecimal(keptDigits, keptScale);
  }

  /**
   * The double nearest {@code n * 10^q}, as {@link BigDecimal#doubleValue} gives it: both round
   * correctly.
   */
  private static double toDouble(long n, int q) {
    if (n < (1L << 52)) {
      if (q < 0 && -q < POW10_DOUBLE.length) {
        return n / POW10_DOUBLE[-q];
      }
      if (q >= 0 && q < POW10_DOUBLE.length) {
        return n * POW10_DOUBLE[q];
      }
    }
    return Double.parseDouble(n + "E" + q);
  }

  /**
   * The sign of {@code mantissa * 2^binaryExponent - n * 10^q} (-1, 0 or 1), for {@code 0 <= n <
   * 2^63}; {@link Integer#MIN_VALUE} when the exponents are outside what is covered.
   */
  private static int compare(long mantissa, int binaryExponent, long n, int q) {
    if (q >= 0 || -q >= POW5.length) {
      return Integer.MIN_VALUE;
    }
    int a = -q;
    // mantissa * 2^e * 10^a against n: mantissa * 5^a * 2^(e + a) against n.
    long lo = mantissa * POW5[a];
    long hi = Math.multiplyHigh(mantissa, POW5[a]);
    int shift = binaryExponent + a;
    if (shift >= 0) {
      // Left side shifted up; n has at most 63 bits.
      int bitLength =
          hi != 0 ? 128 - Long.numberOfLeadingZeros(hi) : 64 - Long.numberOfLeadingZeros(lo);
      if (bitLength + shift > 63) {
        return 1;
      }
      long left = lo << shift;
      return Long.compare(left, n);
    }
    int down = -shift;
    // Compare (hi, lo) against n << down as 128-bit unsigned numbers.
    int nBits = 64 - Long.numberOfLeadingZeros(n);
    if (n == 0) {
      return 1;
    }
    if (nBits + down > 127) {
      return -1;
    }
    long nHi;
    long nLo;
    if (down >= 64) {
      nHi = n << (down - 64);
      nLo = 0;
    } else if (down == 0) {
      nHi = 0;
      nLo = n;
    } else {
      nHi = n >>> (64 - down);
      nLo = n << down;
    }
    int c = Long.compareUnsigned(hi, nHi);
    if (c == 0) {
      c = Long.compareUnsigned(lo, nLo);
    }
    return Integer.signum(c);
  }

  /**
   * The definition: {@link Double#toString}'s digits without trailing zeros, and, when they are 16
   * or more or {@code abs} is subnormal, the exact value rounded half-even to one digit fewer at a
   * time while that still reads back. Java 17's {@code Double.toString} can give more digits than
   * needed (JDK-4511638), mostly with 16 or 17 digits and for subnormals; round-tripping is
   * monotone in the digit count, so trying one digit fewer at a time finds the shortest form. Known
   * gap: only the nearest decimal of each length is tried, so where a power of two makes the
   * rounding interval uneven (2^-44) this can keep 17 digits where Go finds a 16-digit form that
   * also reads back.
   */
  static BigDecimal reference(double abs) {
    BigDecimal decimal = new BigDecimal(Double.toString(abs)).stripTrailingZeros();
    if (decimal.precision() >= 16 || abs < Double.MIN_NORMAL) {
      BigDecimal exact = new BigDecimal(abs);
      for (int digits = decimal.precision() - 1; digits >= 1; digits--) {
        BigDecimal shorter = exact.round(new MathContext(digits, RoundingMode.HALF_EVEN));
        if (shorter.doubleValue() != abs) {
          break;
        }
        decimal = shorter.stripTrailingZeros();
      }
    }
    return decimal;
  }
}
