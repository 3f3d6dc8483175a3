package dev.gpufit.model.gguf;

import java.util.List;

/**
 * A metadata array. Only short arrays of numbers and bools (per-layer values) are kept; long
 * ones such as {@code tokenizer.ggml.tokens} (150,000 strings) are counted and skipped, so their
 * size costs no memory.
 *
 * @param elementType type of every element
 * @param count       number of elements declared (and validated against the file size)
 * @param values      the elements (Long, Double or Boolean), {@code null} when not kept
 */
public record GgufArray(GgufValueType elementType, long count, List<Object> values) {
    public GgufArray {
        values = values == null ? null : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(values));
    }
}
