package dev.gpufit.estimate;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Every engine setting gpufit reads, by its canonical key (lower case, '-' for '_') and the kind of
 * value it takes: the one list that the profiles ({@link EngineProfile#optionKeys}), the parser of
 * their values ({@link EngineSettings}), the CLI's named options and fit's searches share.
 * {@code --engine-opt} takes any spelling {@link EngineOpts#canonical} maps to one of these keys.
 */
public enum EngineOption {
    // generic
    FLASH_ATTENTION("flash-attention", Kind.BOOLEAN),
    LOGITS("logits", Kind.WORD),
    // llama.cpp and Ollama
    PARALLEL("parallel", Kind.INTEGER),
    N_BATCH("n-batch", Kind.INTEGER),
    UBATCH("ubatch", Kind.INTEGER),
    FLASH_ATTN("flash-attn", Kind.WORD),
    BACKEND("backend", Kind.WORD),
    GPU_LAYERS("gpu-layers", Kind.INTEGER),
    CACHE_TYPE_K("cache-type-k", Kind.WORD),
    CACHE_TYPE_V("cache-type-v", Kind.WORD),
    CPU_MOE("cpu-moe", Kind.BOOLEAN),
    EMBEDDINGS("embeddings", Kind.BOOLEAN),
    SWA_FULL("swa-full", Kind.BOOLEAN),
    MMPROJ_BYTES("mmproj-bytes", Kind.SIZE),
    GPU_OVERHEAD("gpu-overhead", Kind.SIZE),
    // vLLM
    GPU_MEMORY_UTILIZATION("gpu-memory-utilization", Kind.NUMBER),
    MAX_NUM_SEQS("max-num-seqs", Kind.INTEGER),
    CHUNKED_PREFILL("chunked-prefill", Kind.BOOLEAN),
    MAX_NUM_BATCHED_TOKENS("max-num-batched-tokens", Kind.INTEGER),
    BLOCK_SIZE("block-size", Kind.INTEGER),
    ENFORCE_EAGER("enforce-eager", Kind.BOOLEAN),
    NON_TORCH("non-torch", Kind.SIZE),
    // transformers
    ATTN_IMPLEMENTATION("attn-implementation", Kind.WORD),
    ATTN("attn", Kind.WORD),
    // MLX
    GROUP_SIZE("group-size", Kind.INTEGER),
    PREFILL_STEP("prefill-step", Kind.INTEGER);

    /** The type of an option's value: what {@link EngineSettings} parses its text into, once. */
    public enum Kind {
        /** a whole number, '_' allowed as a digit separator (8_192) */
        INTEGER,
        /** a decimal number (0.9) */
        NUMBER,
        /** on/off, true/false, yes/no, 1/0; a bare key is on */
        BOOLEAN,
        /** a word from a small set the engine's reader checks (auto, cpu, q8_0 ...) */
        WORD,
        /** a byte size, plain or with a binary unit (512MiB, 1.5GiB, 80g) */
        SIZE
    }

    private final String key;
    private final Kind kind;

    EngineOption(String key, Kind kind) {
        this.key = key;
        this.kind = kind;
    }

    /** The type its value is parsed into. */
    public Kind kind() {
        return kind;
    }

    /** The option under a key in any spelling {@link EngineOpts#canonical} accepts, or null. */
    public static EngineOption find(String key) {
        String canonical = EngineOpts.canonical(key);
        for (EngineOption o : values()) {
            if (o.key.equals(canonical)) {
                return o;
            }
        }
        return null;
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
