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
 * Typed reads of {@code Workload.engineOptions()} (what {@code --ubatch}, {@code --gpu-layers} ...
 * and {@code --engine-opt KEY=VALUE} put there). Keys are matched case-insensitively with
 * '_' and '-' alike, so {@code --engine-opt max_num_seqs=64} works as vLLM spells it.
 * A malformed value is bad input (exit 2), never silently ignored.
 */
public final class EngineOpts {
    private final Map<String, String> options;

    public EngineOpts(Map<String, String> options) {
        this.options = options;
    }

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

    /** The raw value of the first of the options given, or null. */
    public String get(EngineOption... keys) {
        return get(java.util.Arrays.stream(keys).map(EngineOption::key).toArray(String[]::new));
    }

    public long longValue(EngineOption key, long dflt) {
        return longValue(key.key(), dflt);
    }

    public double doubleValue(EngineOption key, double dflt) {
        return doubleValue(key.key(), dflt);
    }

    public boolean bool(EngineOption key, boolean dflt) {
        return bool(key.key(), dflt);
    }

    public long bytes(EngineOption key, long dflt) {
        return bytes(key.key(), dflt);
    }

    /** The raw value under any of the keys, or null. */
    public String get(String... keys) {
        for (String k : keys) {
            for (Map.Entry<String, String> e : options.entrySet()) {
                if (canonical(e.getKey()).equals(k)) {
                    return e.getValue().strip();
                }
            }
        }
        return null;
    }

    public boolean has(String... keys) {
        return get(keys) != null;
    }

    public long longValue(String key, long dflt) {
        String v = get(key);
        if (v == null) {
            return dflt;
        }
        try {
            return new BigDecimal(v.replace("_", "")).longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            throw new BadInputException("engine option " + key + " must be a whole number, got '" + v + "'");
        }
    }

    public double doubleValue(String key, double dflt) {
        String v = get(key);
        if (v == null) {
            return dflt;
        }
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new BadInputException("engine option " + key + " must be a number, got '" + v + "'");
        }
    }

    public boolean bool(String key, boolean dflt) {
        String v = get(key);
        if (v == null) {
            return dflt;
        }
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "on", "yes", "1", "" -> true;
            case "false", "off", "no", "0" -> false;
            default -> throw new BadInputException("engine option " + key + " must be on or off, got '" + v + "'");
        };
    }

    /** A byte size: plain bytes or with a binary unit (512MiB, 1.5GiB, 80g). */
    public long bytes(String key, long dflt) {
        String v = get(key);
        if (v == null) {
            return dflt;
        }
        return parseBytes(key, v);
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
