package dev.gpufit.estimate;

import dev.gpufit.BadInputException;
import java.math.BigDecimal;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The engine settings a user gave ({@code --ubatch}, {@code --engine-opt KEY=VALUE}, an agent's
 * query, an engine command line), each parsed once into the type its {@link EngineOption} declares.
 * Keys are matched case-insensitively with '_' and '-' alike ({@link EngineOpts#canonical}), so
 * {@code max_num_seqs} and {@code max-num-seqs} are one setting. Only what the user set is held:
 * defaults depend on the model and context and are applied where a profile resolves them.
 *
 * <p>A malformed value is bad input, but it is refused when an engine's reader asks for it, not
 * when it is set: the seed method accepts options it does not read, and an engine names its own
 * limits first. The given spelling of every key and value is kept for the JSON's echo.
 */
public final class EngineSettings {
    public static final EngineSettings NONE = new EngineSettings(Map.of());

    /** A parsed value, or why the text is not one. */
    private record Parsed(String text, Object value, BadInputException error) {
        Object get() {
            if (error != null) {
                throw error;
            }
            return value;
        }
    }

    private final Map<String, String> given;
    private final Map<EngineOption, Parsed> parsed = new EnumMap<>(EngineOption.class);

    private EngineSettings(Map<String, String> given) {
        this.given = Collections.unmodifiableMap(new LinkedHashMap<>(given));
        for (Map.Entry<String, String> e : this.given.entrySet()) {
            EngineOption option = EngineOption.find(e.getKey());
            if (option != null && !parsed.containsKey(option)) {
                parsed.put(option, parse(option, e.getValue()));
            }
        }
    }

    /** The settings given as key=value text, in the order given; unknown keys are kept for the engine to refuse. */
    public static EngineSettings of(Map<String, String> given) {
        return given == null || given.isEmpty() ? NONE : new EngineSettings(given);
    }

    /** These settings with one set, replacing it in whatever spelling it was given. */
    public EngineSettings with(String key, String value) {
        String canonical = EngineOpts.canonical(key);
        Map<String, String> out = new LinkedHashMap<>(given);
        out.keySet().removeIf(k -> EngineOpts.canonical(k).equals(canonical));
        out.put(key, value);
        return new EngineSettings(out);
    }

    /** {@link #with(String, String)} under the option's canonical key. */
    public EngineSettings with(EngineOption option, String value) {
        return with(option.key(), value);
    }

    /** The keys and values as given, in order: what the JSON echoes and unknown keys are checked on. */
    public Map<String, String> given() {
        return given;
    }

    public boolean isEmpty() {
        return given.isEmpty();
    }

    public int size() {
        return given.size();
    }

    public boolean has(EngineOption option) {
        return parsed.containsKey(option);
    }

    /** The value's text as given (stripped), of an option of any kind, or null when not set. */
    public String text(EngineOption option) {
        Parsed p = parsed.get(option);
        return p == null ? null : p.text();
    }

    /** A {@link EngineOption.Kind#WORD} option in lower case, or null when not set. */
    public String word(EngineOption option) {
        return (String) typed(option, EngineOption.Kind.WORD);
    }

    public long integer(EngineOption option, long dflt) {
        Object v = typed(option, EngineOption.Kind.INTEGER);
        return v == null ? dflt : (Long) v;
    }

    public double number(EngineOption option, double dflt) {
        Object v = typed(option, EngineOption.Kind.NUMBER);
        return v == null ? dflt : (Double) v;
    }

    public boolean bool(EngineOption option, boolean dflt) {
        Object v = typed(option, EngineOption.Kind.BOOLEAN);
        return v == null ? dflt : (Boolean) v;
    }

    public long bytes(EngineOption option, long dflt) {
        Object v = typed(option, EngineOption.Kind.SIZE);
        return v == null ? dflt : (Long) v;
    }

    private Object typed(EngineOption option, EngineOption.Kind kind) {
        if (option.kind() != kind) {
            throw new IllegalArgumentException(option + " is " + option.kind() + ", not " + kind);
        }
        Parsed p = parsed.get(option);
        return p == null ? null : p.get();
    }

    /** The one parser of an option's text, by the kind its option declares. */
    static Parsed parse(EngineOption option, String value) {
        String key = option.key();
        String v = value == null ? "" : value.strip();
        try {
            Object typed = switch (option.kind()) {
                case INTEGER -> integer(key, v);
                case NUMBER -> number(key, v);
                case BOOLEAN -> bool(key, v);
                case WORD -> v.toLowerCase(Locale.ROOT);
                case SIZE -> EngineOpts.parseBytes(key, v);
            };
            return new Parsed(v, typed, null);
        } catch (BadInputException e) {
            return new Parsed(v, null, e);
        }
    }

    private static long integer(String key, String v) {
        try {
            return new BigDecimal(v.replace("_", "")).longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            throw new BadInputException("engine option " + key + " must be a whole number, got '" + v + "'");
        }
    }

    private static double number(String key, String v) {
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new BadInputException("engine option " + key + " must be a number, got '" + v + "'");
        }
    }

    private static boolean bool(String key, String v) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "on", "yes", "1", "" -> true;
            case "false", "off", "no", "0" -> false;
            default -> throw new BadInputException("engine option " + key + " must be on or off, got '" + v + "'");
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EngineSettings s && s.given.equals(given);
    }

    @Override
    public int hashCode() {
        return Objects.hash(given);
    }

    @Override
    public String toString() {
        return given.toString();
    }
}
