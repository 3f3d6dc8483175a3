package dev.gpufit.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Which layers of an interleaved sliding-window model attend through the window: the one table
 * of periods that the config.json reader, the GGUF reader and llama.cpp's KV sizing share. With
 * period n, layer i slides unless {@code (i + 1) % n == 0} (llama.cpp's {@code set_swa_pattern(n)}
 * in {@code src/llama-model.cpp}: {@code i % n < n - 1}; transformers builds the same
 * {@code layer_types}, e.g. {@code src/transformers/models/cohere2/configuration_cohere2.py}).
 * Keys are {@link ModelSpec#architecture()} names (gpt_oss, not gguf's gpt-oss).
 */
public final class SlidingWindowPattern {
    private static final Map<String, Integer> PERIOD = Map.of("gemma2", 2, "gemma3", 6, "gpt_oss", 2, "cohere2", 4);

    private SlidingWindowPattern() {}

    /** The period of an interleaved architecture (when its files do not say), else empty. */
    public static OptionalInt period(String architecture) {
        Integer p = architecture == null ? null : PERIOD.get(architecture);
        return p == null ? OptionalInt.empty() : OptionalInt.of(p);
    }

    /**
     * True for the architectures that interleave windowed and global layers, the ones llama.cpp
     * caches at the window ({@code llama_kv_cache_iswa}).
     */
    public static boolean interleaved(String architecture) {
        return period(architecture).isPresent();
    }

    /** One flag per layer: true where the layer slides; period 0 makes every layer slide. */
    public static List<Boolean> layers(int layers, long period) {
        List<Boolean> slides = new ArrayList<>(layers);
        for (int i = 0; i < layers; i++) {
            slides.add(period == 0 || (i + 1) % period != 0);
        }
        return slides;
    }
}
