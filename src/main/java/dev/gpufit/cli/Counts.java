package dev.gpufit.cli;

import java.math.BigDecimal;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Option converters for large counts: {@code 7e9}, {@code 7B}, {@code 6.7b}; tokens {@code 8k} = 8192. */
public final class Counts {
    private Counts() {}

    /** Parameter-style counts: decimal suffixes k/M/B/T (7B = 7,000,000,000), scientific notation. */
    public static final class Decimal implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            return parse(value, 1000);
        }
    }

    /** Token counts: binary suffix k (8k = 8192, 128k = 131072), as context sizes are quoted. */
    public static final class Tokens implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            return parse(value, 1024);
        }
    }

    static long parse(String value, long base) {
        String v = value.strip().replace("_", "").replace(",", "").toLowerCase(Locale.ROOT);
        long mult = 1;
        if (!v.isEmpty()) {
            char last = v.charAt(v.length() - 1);
            int power = switch (last) {
                case 'k' -> 1;
                case 'm' -> 2;
                case 'b', 'g' -> 3;
                case 't' -> 4;
                default -> 0;
            };
            if (power > 0) {
                v = v.substring(0, v.length() - 1);
                for (int i = 0; i < power; i++) {
                    mult *= base;
                }
            }
        }
        try {
            BigDecimal d = new BigDecimal(v).multiply(BigDecimal.valueOf(mult));
            if (d.signum() <= 0) {
                throw new TypeConversionException("'" + value + "' must be positive");
            }
            if (d.stripTrailingZeros().scale() > 0) {
                throw new TypeConversionException("'" + value + "' is not a whole number");
            }
            return d.longValueExact();
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + value + "' is not a number (examples: 7e9, 7B, 8192, 8k)");
        } catch (ArithmeticException e) {
            throw new TypeConversionException("'" + value + "' is too large");
        }
    }
}
