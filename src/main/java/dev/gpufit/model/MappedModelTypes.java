package dev.gpufit.model;

import java.util.List;

/**
 * The HF {@code model_type}s with a dedicated mapping in {@link HfConfigMapper}. Its own class,
 * free of JSON types, so the GGUF reader can ask without loading the config.json machinery.
 */
public final class MappedModelTypes {
    /** Every model_type HfConfigMapper maps; others get the generic estimate or are refused. */
    public static final List<String> ALL = List.of(
            "llama",
            "mistral",
            "mixtral",
            "qwen2",
            "qwen2_moe",
            "qwen3",
            "qwen3_moe",
            "gemma",
            "gemma2",
            "gemma3",
            "gemma3_text",
            "phi3",
            "deepseek_v2",
            "deepseek_v3",
            "gpt_oss",
            "falcon",
            "gpt2",
            "gpt_bigcode");

    private MappedModelTypes() {}

    /** True when {@code modelType} (lower case) has a dedicated mapping. */
    public static boolean contains(String modelType) {
        return ALL.contains(modelType);
    }
}
