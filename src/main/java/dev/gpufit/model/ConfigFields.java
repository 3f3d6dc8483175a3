package dev.gpufit.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gpufit.BadInputException;
import java.math.BigDecimal;

/**
 * Typed, checked access to the fields of one config.json object. Every error names where the
 * config came from and the field, so the user can fix the file: "config.json: field
 * 'hidden_size' must be a positive whole number, got "big"".
 *
 * <p>A JSON {@code null} counts as absent, as it does for transformers' config classes.
 */
final class ConfigFields {
    private final JsonNode node;
    private final String where;
    private final String prefix;

    /**
     * @param node   the object to read (the root config, or its {@code text_config})
     * @param where  the file or preset the object came from, for messages
     * @param prefix path of {@code node} inside the file, e.g. "text_config." or ""
     */
    ConfigFields(JsonNode node, String where, String prefix) {
        this.node = node;
        this.where = where;
        this.prefix = prefix;
    }

    String where() {
        return where;
    }

    JsonNode node() {
        return node;
    }

    boolean has(String name) {
        JsonNode v = node.get(name);
        return v != null && !v.isNull();
    }

    /** The first of {@code names} that is present, or {@code null}. */
    String firstPresent(String... names) {
        for (String n : names) {
            if (has(n)) {
                return n;
            }
        }
        return null;
    }

    /** The field as the file spells it, for messages: the first of {@code names} present, else the first. */
    String path(String... names) {
        String n = firstPresent(names);
        return prefix + (n != null ? n : names[0]);
    }

    /** A positive whole number from the first present field, or {@code null} when none is present. */
    Long optPositive(String... names) {
        String n = firstPresent(names);
        return n == null ? null : positive(n);
    }

    /** A whole number >= 0 from the first present field, or {@code null}. */
    Long optNonNegative(String... names) {
        String n = firstPresent(names);
        return n == null ? null : wholeNumber(n, 0);
    }

    /** A positive whole number from the first present field; missing is an error. */
    long requirePositive(String... names) {
        String n = firstPresent(names);
        if (n == null) {
            throw missing(names);
        }
        return positive(n);
    }

    long positive(String name) {
        return wholeNumber(name, 1);
    }

    /** Like {@link #positive} but checked to fit an int (layer and head counts). */
    int requirePositiveInt(String... names) {
        return toInt(requirePositive(names), firstPresent(names));
    }

    Integer optPositiveInt(String... names) {
        Long v = optPositive(names);
        return v == null ? null : toInt(v, firstPresent(names));
    }

    boolean bool(String name, boolean dflt) {
        if (!has(name)) {
            return dflt;
        }
        JsonNode v = node.get(name);
        if (!v.isBoolean()) {
            throw invalid(name, "must be true or false", v);
        }
        return v.booleanValue();
    }

    String text(String name) {
        if (!has(name)) {
            return null;
        }
        JsonNode v = node.get(name);
        if (!v.isTextual()) {
            throw invalid(name, "must be a string", v);
        }
        return v.textValue();
    }

    BadInputException missing(String... names) {
        String list =
                names.length == 1 ? "'" + prefix + names[0] + "'" : "one of " + String.join(", ", prefixed(names));
        return new BadInputException(where + ": missing field " + list);
    }

    BadInputException invalid(String name, String what, JsonNode got) {
        String shown = got.toString();
        if (shown.length() > 40) {
            shown = shown.substring(0, 40) + "...";
        }
        return new BadInputException(where + ": field '" + prefix + name + "' " + what + ", got " + shown);
    }

    private String[] prefixed(String[] names) {
        String[] out = new String[names.length];
        for (int i = 0; i < names.length; i++) {
            out[i] = "'" + prefix + names[i] + "'";
        }
        return out;
    }

    private long wholeNumber(String name, long min) {
        JsonNode v = node.get(name);
        String rule = min > 0 ? "must be a positive whole number" : "must be a whole number >= 0";
        if (!v.isNumber()) {
            throw invalid(name, rule, v);
        }
        BigDecimal d = v.decimalValue();
        long out;
        try {
            // 4096.0 is accepted (some exporters write floats); 4096.5 is not
            out = d.stripTrailingZeros().scale() > 0 ? Long.MIN_VALUE : d.longValueExact();
        } catch (ArithmeticException e) {
            throw invalid(name, rule + " that fits in 64 bits", v);
        }
        if (out == Long.MIN_VALUE || out < min) {
            throw invalid(name, rule, v);
        }
        return out;
    }

    private int toInt(long v, String name) {
        if (v > Integer.MAX_VALUE) {
            throw invalid(name, "is too large", node.get(name));
        }
        return (int) v;
    }
}
