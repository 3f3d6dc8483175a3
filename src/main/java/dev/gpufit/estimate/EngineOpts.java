package dev.gpufit.estimate;

import dev.gpufit.BadInputException;
import dev.gpufit.note.Setting;
import dev.gpufit.note.SettingException;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The spelling rules of engine option keys and sizes that {@link EngineSettings} parses with. Keys
 * are matched case-insensitively with '_' and '-' alike, so {@code --engine-opt max_num_seqs=64}
 * works as vLLM spells it.
 */
public final class EngineOpts {
    private EngineOpts() {}

    public static String canonical(String key) {
        return key.strip().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * Refuses any option whose key is not one the engine reads, listing the keys it does read.
     *
     * @param engine the --engine name, for the message
     * @param keys   the profile's keys in canonical spelling
     */
    public static void requireKnown(String engine, Set<String> keys, Map<String, String> options) {
        for (String k : options.keySet()) {
            if (!keys.contains(canonical(k))) {
                throw SettingException.of(s -> "engine option '" + k.strip() + "' is not a setting of "
                        + s.spell(Setting.ENGINE, engine) + "; it takes: " + String.join(", ", new TreeSet<>(keys)));
            }
        }
    }

    public static long parseBytes(String what, String value) {
        String v = value.strip().toLowerCase(Locale.ROOT).replace("_", "");
        long mult = 1;
        String[][] units = {
            {"tib", "1099511627776"},
            {"gib", "1073741824"},
            {"mib", "1048576"},
            {"kib", "1024"},
            {"t", "1099511627776"},
            {"g", "1073741824"},
            {"m", "1048576"},
            {"k", "1024"},
            {"b", "1"}
        };
        for (String[] u : units) {
            if (v.endsWith(u[0])) {
                mult = Long.parseLong(u[1]);
                v = v.substring(0, v.length() - u[0].length()).strip();
                break;
            }
        }
        try {
            BigDecimal d = new BigDecimal(v).multiply(BigDecimal.valueOf(mult));
            if (d.signum() < 0) {
                throw new BadInputException(what + " must not be negative, got '" + value + "'");
            }
            return d.setScale(0, java.math.RoundingMode.FLOOR).longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            throw new BadInputException(
                    what + " must be a size such as 80GiB, 24g or 25769803776, got '" + value + "'");
        }
    }
}
