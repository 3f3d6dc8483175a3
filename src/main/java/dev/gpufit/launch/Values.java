package dev.gpufit.launch;

import dev.gpufit.BadInputException;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Flag values read the way the engines read them, with one-line errors. */
final class Values {
    private static final Pattern HUMAN_INT = Pattern.compile("(\\d+(?:\\.\\d+)?)([kKmMgGtT])");

    private Values() {}

    static int integer(FlagUse use) {
        String v = use.value().strip();
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw bad(use, "an integer");
        }
    }

    static long nonNegative(FlagUse use) {
        int v = integer(use);
        if (v < 0) {
            throw bad(use, "a count of at least 0");
        }
        return v;
    }

    static long positive(FlagUse use) {
        int v = integer(use);
        if (v < 1) {
            throw bad(use, "a count of at least 1");
        }
        return v;
    }

    static double decimal(FlagUse use) {
        try {
            double d = Double.parseDouble(use.value().strip());
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw bad(use, "a number");
            }
            return d;
        } catch (NumberFormatException e) {
            throw bad(use, "a number");
        }
    }

    /**
     * vLLM's {@code human_readable_int} (vllm/utils/argparse_utils.py): 32768, 32k (x1000), 32K
     * (x1024); decimals only with the decimal suffixes (25.6k).
     */
    static long humanInt(FlagUse use) {
        String v = use.value().strip();
        Matcher m = HUMAN_INT.matcher(v);
        try {
            if (m.matches()) {
                String number = m.group(1);
                char suffix = m.group(2).charAt(0);
                if (Character.isLowerCase(suffix)) {
                    long mult = (long) Math.pow(1000, "kmgt".indexOf(suffix) + 1);
                    return new BigDecimal(number)
                            .multiply(BigDecimal.valueOf(mult))
                            .longValue();
                }
                if (number.contains(".")) {
                    throw new BadInputException(use.spelling() + " " + v + ": vLLM takes no decimals with the binary"
                            + " suffix " + suffix + "; use " + number + Character.toLowerCase(suffix));
                }
                return Math.multiplyExact(Long.parseLong(number), 1L << (10 * ("KMGT".indexOf(suffix) + 1)));
            }
            return Long.parseLong(v);
        } catch (NumberFormatException | ArithmeticException e) {
            throw bad(use, "an integer such as 32768, 32k or 32K");
        }
    }

    /** llama.cpp's is_truthy / is_falsey (common/arg.cpp). */
    static Boolean llamaBool(String v) {
        return switch (v) {
            case "on", "enabled", "true", "1" -> Boolean.TRUE;
            case "off", "disabled", "false", "0" -> Boolean.FALSE;
            default -> null;
        };
    }

    static String lower(String v) {
        return v.strip().toLowerCase(Locale.ROOT);
    }

    static BadInputException bad(FlagUse use, String expected) {
        String where = use.fromEnv() ? "environment variable " + use.spelling() : use.spelling();
        return new BadInputException(where + " takes " + expected + ", got '" + use.value() + "'");
    }
}
