package dev.gpufit.agent;

import dev.gpufit.BadInputException;
import java.util.Locale;

/** Context lengths as people write them: 8192, 8k, 128K (k = 1024 tokens, like the model cards). */
final class ContextValue {
    /** Far beyond any model today; keeps the arithmetic away from overflow. */
    static final long MAX = 1L << 30;

    private ContextValue() {}

    static long parse(String raw, String what) {
        String s = raw.strip().toLowerCase(Locale.ROOT);
        long mult = 1;
        if (s.endsWith("k")) {
            mult = 1024;
            s = s.substring(0, s.length() - 1);
        }
        if (s.isEmpty() || s.length() > 10 || !s.chars().allMatch(Character::isDigit)) {
            throw new BadInputException(what + ": context must be a positive number of tokens, e.g. 8192 or 8k");
        }
        long v = Long.parseLong(s) * mult;
        if (v < 1 || v > MAX) {
            throw new BadInputException(what + ": context must be between 1 and " + MAX + " tokens");
        }
        return v;
    }
}
