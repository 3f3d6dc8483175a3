package dev.gpufit.fit;

import java.util.List;
import java.util.Locale;

/** The weight formats gpufit suggests and plans over, from most to least precise, per engine. */
public final class Quantizations {
    /** Every format the estimator sizes: the ladder for the generic profile. */
    public static final List<String> LADDER =
            List.of("bf16", "fp8", "int8", "q8_0", "q6_k", "q5_k_m", "q4_k_m", "int4", "q3_k_m", "q2_k");
    /** vLLM and transformers load safetensors checkpoints: fp8, int8 and GPTQ/AWQ int4. */
    static final List<String> CHECKPOINT = List.of("bf16", "fp8", "int8", "int4");
    /** llama.cpp and Ollama load GGUF files. */
    static final List<String> GGUF = List.of("bf16", "q8_0", "q6_k", "q5_k_m", "q4_k_m", "q3_k_m", "q2_k");
    /** MLX quantizes to 8 or 4 bits. */
    static final List<String> MLX = List.of("bf16", "int8", "int4");

    private Quantizations() {}

    /** The formats worth suggesting for an engine: ones it can actually load. */
    public static List<String> ladder(String engine) {
        return switch (engine == null ? "" : engine.toLowerCase(Locale.ROOT)) {
            case "vllm", "transformers" -> CHECKPOINT;
            case "llama.cpp", "ollama" -> GGUF;
            case "mlx" -> MLX;
            default -> LADDER;
        };
    }
}
