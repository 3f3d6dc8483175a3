package dev.gpufit.model.gguf;

import java.util.Locale;
import java.util.Map;

/**
 * GGUF {@code general.architecture} names (llama.cpp's LLM_ARCH_NAMES) to the Hugging Face
 * {@code model_type} names the estimator keys on: "gpt-oss" is "gpt_oss", "gptneox" is
 * "gpt_neox", "qwen3moe" is "qwen3_moe". Names that are the same in both (llama, qwen3,
 * gemma2, phi3, ...) pass through lower-cased.
 */
public final class GgufArchitectures {
    private static final Map<String, String> TO_HF = Map.ofEntries(
            Map.entry("gpt-oss", "gpt_oss"),
            Map.entry("gptneox", "gpt_neox"),
            Map.entry("qwen2moe", "qwen2_moe"),
            Map.entry("qwen3moe", "qwen3_moe"),
            Map.entry("qwen2vl", "qwen2_vl"),
            Map.entry("deepseek2", "deepseek_v2"),
            Map.entry("command-r", "cohere"),
            Map.entry("starcoder", "gpt_bigcode"),
            Map.entry("nomic-bert", "nomic_bert"),
            Map.entry("glm4moe", "glm4_moe"),
            Map.entry("ernie4_5-moe", "ernie4_5_moe"),
            Map.entry("hunyuan-moe", "hunyuan_v1_moe"),
            Map.entry("falcon-h1", "falcon_h1"),
            Map.entry("t5encoder", "t5"));

    private GgufArchitectures() {}

    /** The HF model type for a GGUF architecture name. */
    public static String hfName(String gguf) {
        String a = gguf.toLowerCase(Locale.ROOT);
        return TO_HF.getOrDefault(a, a);
    }
}
