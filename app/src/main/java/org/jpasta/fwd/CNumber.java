package org.jpasta.fwd;

/**
 * The result of a C library number conversion ({@code strtoul()}, {@code strtol()}) started at some index.
 *
 * <p>Theory of operation: pasta validates numbers with {@code strtoul()}/{@code strtol()}, and what they
 * accept is part of pasta's interface: {@code " 80"}, {@code "+80"} and {@code "0x50"} (base 0) are all
 * port 80 to pasta, {@code "-1"} wraps to the largest value, and {@code "0x"} is the number 0 followed by
 * {@code "x"}. Java's own parsers accept different sets, so this is a direct model of glibc's behaviour,
 * returning the value, where parsing stopped, and whether it overflowed ({@code errno == ERANGE}).
 *
 * @param value    the converted value; for {@code strtoul()} an unsigned 64-bit quantity
 * @param end      index just past the last digit, or the start index if there were no digits
 * @param overflow true if the magnitude did not fit (the C function would set {@code ERANGE})
 */
public record CNumber(long value, int end, boolean overflow) {
    private static final String SPACE = " \t\n\u000b\f\r";

    /** {@code strtoul(text + start, &end, base)}. */
    public static CNumber strtoul(String text, int start, int base) {
        Digits digits = Digits.scan(text, start, base);
        if (digits == null) {
            return new CNumber(0, start, false);
        }
        long value = digits.negative ? -digits.magnitude : digits.magnitude;
        return new CNumber(digits.overflow ? -1L : value, digits.end, digits.overflow);
    }

    /** {@code strtol(text + start, &end, base)}: saturates at {@code LONG_MIN}/{@code LONG_MAX}. */
    public static CNumber strtol(String text, int start, int base) {
        Digits digits = Digits.scan(text, start, base);
        if (digits == null) {
            return new CNumber(0, start, false);
        }
        long limit = digits.negative ? Long.MIN_VALUE : Long.MAX_VALUE;
        // As unsigned numbers, LONG_MIN's magnitude is 2^63 and LONG_MAX is 2^63 - 1.
        if (digits.overflow || Long.compareUnsigned(digits.magnitude, limit) > 0) {
            return new CNumber(limit, digits.end, true);
        }
        return new CNumber(digits.negative ? -digits.magnitude : digits.magnitude, digits.end, false);
    }

    /** Sign, magnitude and extent of the digits, as both conversions see them. */
    private static final class Digits {
        boolean negative;
        long magnitude;
        boolean overflow;
        int end;

        static Digits scan(String text, int start, int requestedBase) {
            int i = start;
            while (i < text.length() && SPACE.indexOf(text.charAt(i)) >= 0) {
                i++;
            }
            Digits digits = new Digits();
            if (i < text.length() && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
                digits.negative = text.charAt(i) == '-';
                i++;
            }
            int base = requestedBase;
            boolean hexPrefix = i + 1 < text.length() && text.charAt(i) == '0'
                    && (text.charAt(i + 1) == 'x' || text.charAt(i + 1) == 'X')
                    && i + 2 < text.length() && digitValue(text.charAt(i + 2)) < 16;
            if ((base == 0 || base == 16) && hexPrefix) {
                base = 16;
                i += 2;
            } else if (base == 0) {
                base = i < text.length() && text.charAt(i) == '0' ? 8 : 10;
            }
            int firstDigit = i;
            while (i < text.length() && digitValue(text.charAt(i)) < base) {
                long next = digits.magnitude * base + digitValue(text.charAt(i));
                if (Long.compareUnsigned(digits.magnitude, Long.divideUnsigned(-1L, base)) > 0
                        || Long.compareUnsigned(next, digits.magnitude) < 0) {
                    digits.overflow = true;
                }
                digits.magnitude = next;
                i++;
            }
            if (i == firstDigit) {
                return null;
            }
            digits.end = i;
            return digits;
        }

        private static int digitValue(char c) {
            if (c >= '0' && c <= '9') {
                return c - '0';
            }
            if (c >= 'a' && c <= 'z') {
                return c - 'a' + 10;
            }
            if (c >= 'A' && c <= 'Z') {
                return c - 'A' + 10;
            }
            return Integer.MAX_VALUE;
        }
    }
}
