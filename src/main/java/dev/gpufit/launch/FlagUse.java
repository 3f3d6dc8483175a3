package dev.gpufit.launch;

import java.util.List;

/**
 * One flag as the command line (or the environment) set it.
 *
 * @param spec     the flag
 * @param spelling as written: {@code -c}, {@code --ctx-size}, {@code --no-mmap}, or the variable name
 * @param values   the values taken (empty for a switch)
 * @param positive false for a negated spelling
 * @param fromEnv  set by an environment variable rather than the command line
 */
record FlagUse(FlagSpec spec, String spelling, List<String> values, boolean positive, boolean fromEnv) {
    FlagUse {
        values = List.copyOf(values);
    }

    String value() {
        return values.isEmpty() ? null : values.get(0);
    }

    /** For messages: the flag with its values, as written. */
    String shown() {
        return values.isEmpty() ? spelling : spelling + " " + String.join(" ", values);
    }
}
