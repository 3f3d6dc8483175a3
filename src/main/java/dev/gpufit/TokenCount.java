package dev.gpufit;

import java.math.BigDecimal;
import java.util.Locale;

/**
 * Counts as people write them, shared by the command line and the agent so both take the same
 * spellings and the same limits: {@code 7e9}, {@code 7B}, {@code 6.7b}, {@code 1_000}; token counts
 * use binary suffixes ({@code 8k} = 8192, {@code 1.5k} = 1536, {@code 128m}), as context sizes are
 * quoted on model cards. Errors are {@link BadInputException}s naming the parameter the caller
 * passes ({@code --context} on the command line, {@code context} in an agent query).
 */
public final class TokenCount {
    /**
     * The largest context taken: 128M tokens (2^27), 13 times the longest published context
     * (Llama 4 Scout, 10M). Beyond it no model runs, and the bytes (petabytes of KV cache) are not
     * an answer anyone can use.
     */
    public static final long MAX_CONTEXT = 1L << 27;

    private TokenCount() {}

    /** A token count: binary suffixes (k = 1024), positive and whole. */
    public static long tokens(String value) {
        return count(value, 1024);
    }

    /** A context length for {@code name}: a token count from 1 to {@link #MAX_CONTEXT}. */
    public static long context(String value, String name) {
        long v;
        try {
            v = tokens(value);
        } catch (BadInputException e) {
            throw new BadInputException(name + ": " + e.getMessage());
        }
        return checkContext(v, name);
    }

    /** Refuses a context outside 1 .. {@link #MAX_CONTEXT}, naming {@code name}; returns it. */
    public static long checkContext(long context, String name) {
        if (context <= 0) {
            throw new BadInputException(name + " must be at least 1 token, got " + context);
        }
        if (context > MAX_CONTEXT) {
            throw new BadInputException(name + " " + context + " is above gpufit's limit of " + MAX_CONTEXT
                    + " tokens (128M; the longest published context is 10M)");
        }
        return context;
    }

    /**
     * A positive whole count; suffixes k/m/b(g)/t multiply by {@code base}, {@code base}^2 ... (1000
     * for parameters, 1024 for tokens). Underscores and commas are ignored.
     */
    public static long count(String value, long base) {
        String v = value.strip().replace("_", "").replace(",", "").toLowerCase(Locale.ROOT);
        String shown = printable(value);
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
                throw new BadInputException("'" + shown + "' must be positive");
            }
            if (d.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
                throw new BadInputException("'" + shown + "' is too large");
            }
            if (d.stripTrailingZeros().scale() > 0) {
                throw new BadInputException("'" + shown + "' is not a whole number");
            }
            return d.longValueExact();
        } catch (NumberFormatException e) {
            throw new BadInputException("'" + shown + "' is not a number (examples: 7e9, 7B, 8192, 8k)");
        } catch (ArithmeticException e) {
            throw new BadInputException("'" + shown + "' is too large");
        }
    }

    /** At most 40 characters, control characters as '?', so an echoed value stays one short line. */
    private static String printable(String s) {
        String cut = s.length() > 40 ? s.substring(0, 40) + "..." : s;
        StringBuilder b = new StringBuilder(cut.length());
        cut.codePoints().forEach(c -> b.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return b.toString();
    }
}
