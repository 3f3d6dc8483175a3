package dev.gpufit.estimate;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Every engine setting gpufit reads, by its canonical key (lower case, '-' for '_'): the one list
 * that the profiles ({@link EngineProfile#optionKeys}), their readers ({@link EngineOpts}), the
 * CLI's named options and fit's searches share. {@code --engine-opt} takes any spelling
 * {@link EngineOpts#canonical} maps to one of these keys.
 */
public enum EngineOption {
    // generic
    FLASH_ATTENTION("flash-attention"),
    LOGITS("logits"),
    // llama.cpp and Ollama
    PARALLEL("parallel"),
    N_BATCH("n-batch"),
    UBATCH("ubatch"),
    FLASH_ATTN("flash-attn"),
    BACKEND("backend"),
    GPU_LAYERS("gpu-layers"),
    CACHE_TYPE_K("cache-type-k"),
    CACHE_TYPE_V("cache-type-v"),
    CPU_MOE("cpu-moe"),
    EMBEDDINGS("embeddings"),
    SWA_FULL("swa-full"),
    MMPROJ_BYTES("mmproj-bytes"),
    GPU_OVERHEAD("gpu-overhead"),
    // vLLM
    GPU_MEMORY_UTILIZATION("gpu-memory-utilization"),
    MAX_NUM_SEQS("max-num-seqs"),
    CHUNKED_PREFILL("chunked-prefill"),
    MAX_NUM_BATCHED_TOKENS("max-num-batched-tokens"),
    BLOCK_SIZE("block-size"),
    ENFORCE_EAGER("enforce-eager"),
    NON_TORCH("non-torch"),
    // transformers
    ATTN_IMPLEMENTATION("attn-implementation"),
    ATTN("attn"),
    // MLX
    GROUP_SIZE("group-size"),
    PREFILL_STEP("prefill-step");

    private final String key;

    EngineOption(String key) {
        this.key = key;
    }

    /** The canonical key, as --engine-opt, the JSON's engine_options and error messages spell it. */
    public String key() {
        return key;
    }

    /** The canonical keys of these options: what a profile's {@link EngineProfile#optionKeys} returns. */
    public static Set<String> keys(EngineOption... options) {
        return Arrays.stream(options).map(EngineOption::key).collect(Collectors.toUnmodifiableSet());
    }
}
