package dev.gpufit.model.gguf;

import dev.gpufit.model.ModelFileException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Typed accessors over GGUF metadata (after ollama's {@code KV}). Count keys accept any integer
 * type, and per-layer keys a scalar or an array, because writers differ (the spec says u64,
 * llama.cpp writes u32, some models write per-layer arrays). A key of the wrong kind is a
 * {@link ModelFileException} naming the key, never a ClassCastException.
 */
public final class GgufMetadata {
    private final String file;
    private final Map<String, GgufValue> values;

    public GgufMetadata(String file, Map<String, GgufValue> values) {
        this.file = file;
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public Set<String> keys() {
        return values.keySet();
    }

    public Optional<GgufValue> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    /** A string value; empty when absent or too long to have been kept. */
    public Optional<String> string(String key) {
        GgufValue v = values.get(key);
        if (v == null || v.value() instanceof GgufSkippedString) {
            return Optional.empty();
        }
        if (v.type() != GgufValueType.STRING) {
            throw wrongType(key, v, "a string");
        }
        return Optional.of((String) v.value());
    }

    /** An integer of any width and signedness; a u64 over 2^63-1 is refused. */
    public OptionalLong integer(String key) {
        GgufValue v = values.get(key);
        if (v == null) {
            return OptionalLong.empty();
        }
        if (!v.type().isInteger()) {
            throw wrongType(key, v, "an integer");
        }
        long n = (Long) v.value();
        if (n < 0 && v.type() == GgufValueType.UINT64) {
            throw new ModelFileException(
                    file, "metadata " + key + " = " + Long.toUnsignedString(n) + " is out of range");
        }
        return OptionalLong.of(n);
    }

    /**
     * A scalar, or a per-layer array of integers or bools (true = 1), as a list; empty when absent.
     */
    public Optional<List<Long>> integers(String key) {
        GgufValue v = values.get(key);
        if (v == null) {
            return Optional.empty();
        }
        if (v.type() == GgufValueType.BOOL) {
            return Optional.of(List.of((Boolean) v.value() ? 1L : 0L));
        }
        if (v.type() != GgufValueType.ARRAY) {
            return Optional.of(List.of(integer(key).getAsLong()));
        }
        GgufArray a = (GgufArray) v.value();
        boolean ints = a.elementType().isInteger() || a.elementType() == GgufValueType.BOOL;
        if (!ints || a.values() == null) {
            throw new ModelFileException(
                    file,
                    "metadata " + key + " is an array of " + a.count() + " " + a.elementType()
                            + ", expected a short list of integers");
        }
        List<Long> out = new ArrayList<>(a.values().size());
        for (Object o : a.values()) {
            long n = o instanceof Boolean b ? (b ? 1L : 0L) : (Long) o;
            if (n < 0 && a.elementType() == GgufValueType.UINT64) {
                throw new ModelFileException(file, "metadata " + key + " holds an out-of-range value");
            }
            out.add(n);
        }
        return Optional.of(out);
    }

    /** The element count of an array value; empty when absent or not an array. */
    public OptionalLong arrayCount(String key) {
        GgufValue v = values.get(key);
        return v != null && v.value() instanceof GgufArray a ? OptionalLong.of(a.count()) : OptionalLong.empty();
    }

    private ModelFileException wrongType(String key, GgufValue v, String expected) {
        return new ModelFileException(file, "metadata " + key + " is " + v.type() + ", expected " + expected);
    }
}
