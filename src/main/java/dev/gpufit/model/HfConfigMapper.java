package dev.gpufit.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gpufit.BadInputException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Maps a HuggingFace config.json object to a {@link ModelSpec}. Pure: it takes the parsed JSON and
 * a label saying where it came from. The catalog presets are config.json fields too, so this is
 * the one mapping for both.
 *
 * <p>Resolution rules (vLLM's ModelArchConfigConvertor and transformers' config classes):
 * KV heads from the first of n_head_kv, num_kv_heads, num_key_value_heads, multi_query_group_num,
 * num_attention_groups (else = heads); head_dim if present and &gt; 0, then hidden_size_per_head,
 * then hidden/heads; max context = the minimum of the length keys present; {@code dtype} wins over
 * {@code torch_dtype}; an explicit {@code layer_types} wins over any sliding-window pattern.
 */
public final class HfConfigMapper {
    /**
     * model_type values with a dedicated mapping. Others get the labelled generic estimate when
     * every field that changes memory is understood ({@link SizeBearingFields}), else are refused.
     */
    public static final List<String> SUPPORTED = MappedModelTypes.ALL;

    private static final String[] KV_HEAD_KEYS = {
        "n_head_kv", "num_kv_heads", "num_key_value_heads", "multi_query_group_num", "num_attention_groups"
    };
    private static final String[] MAX_LEN_KEYS = {
        "max_position_embeddings",
        "n_positions",
        "max_seq_len",
        "seq_length",
        "model_max_length",
        "max_target_positions",
        "max_sequence_length",
        "max_seq_length",
        "seq_len"
    };
    private static final List<String> GENERIC_REQUIRED =
            List.of("hidden_size", "num_hidden_layers", "num_attention_heads", "vocab_size", "intermediate_size");

    /** transformers Gemma3TextConfig defaults: the nested text_config of Gemma 3 often omits fields. */
    private static final Map<String, Object> GEMMA3_TEXT_DEFAULTS = gemma3Defaults();

    private HfConfigMapper() {}

    /**
     * @param root   the parsed config.json
     * @param id     what the user named the model
     * @param source "config.json", "catalog" ...
     * @param where  the file or preset, for error messages
     */
    public static ModelSpec map(JsonNode root, String id, String source, String where) {
        if (root == null || !root.isObject()) {
            throw new BadInputException(where + ": expected a JSON object with the model's config.json fields");
        }
        List<String> notes = new ArrayList<>();
        ConfigFields rootFields = new ConfigFields(root, where, "");
        String rootType = lower(rootFields.text("model_type"));
        JsonNode textNode = root;
        String prefix = "";
        String textType = rootType;
        JsonNode tc = root.get("text_config");
        if (tc != null && tc.isObject()) {
            textNode = tc;
            prefix = "text_config.";
            String t = lower(new ConfigFields(tc, where, prefix).text("model_type"));
            textType = t != null ? t : ("gemma3".equals(rootType) ? "gemma3_text" : rootType);
            notes.add("text model read from text_config; vision tower and projector not counted");
        }
        String family = family(textType);
        if ("gemma3".equals(family)) {
            textNode = withDefaults(textNode, GEMMA3_TEXT_DEFAULTS, notes);
        }
        ConfigFields f = new ConfigFields(textNode, where, prefix);
        List<String> unmodelled = SizeBearingFields.unmodelled(textNode, prefix, family);
        String shown = textType == null ? "(none)" : "'" + textType + "'";
        if ("generic".equals(family)) {
            List<String> missing =
                    GENERIC_REQUIRED.stream().filter(k -> !f.has(k)).toList();
            if (!missing.isEmpty()) {
                throw new BadInputException(where + ": unsupported model_type " + shown + " (supported: "
                        + String.join(", ", SUPPORTED) + ")"
                        + (unmodelled.isEmpty()
                                ? ""
                                : "; it has fields that change memory and gpufit does not model: "
                                        + String.join(", ", unmodelled))
                        + "; a generic estimate needs the fields " + String.join(", ", missing));
            }
            notes.add("generic estimate: model_type " + shown + " has no dedicated mapping; counted as a"
                    + " llama-style decoder (gated MLP, RMSNorm) from its standard fields");
        }
        if (!unmodelled.isEmpty()) {
            notes.add("approximate: generic estimate: model_type " + shown
                    + " has fields that change memory and are not modelled (" + String.join(", ", unmodelled)
                    + "); accepted with --accept-generic, the figures may be far off");
        }

        ModelSpec.Builder b = ModelSpec.builder().id(id).source(source).architecture(family);
        String[] hiddenKeys = {"hidden_size", "n_embd", "n_embed", "d_model"};
        String[] layerKeys = {"num_hidden_layers", "n_layer", "num_layers"};
        String[] headKeys = {"num_attention_heads", "n_head"};
        long hidden = f.requirePositive(hiddenKeys);
        // capped here, before sliding() and layer_types build per-layer lists
        int layers = ModelSpecValidator.layers(f.requirePositiveInt(layerKeys), where, f.path(layerKeys));
        int heads = f.requirePositiveInt(headKeys);
        long vocab = f.requirePositive("vocab_size");
        b.hiddenSize(hidden).layers(layers).attentionHeads(heads).vocabSize(vocab);
        b.kvHeads(kvHeads(family, rootType, f, heads));
        b.headDim(headDim(f, hidden, heads));
        b.intermediateSize(intermediate(family, f, hidden));
        b.maxContext(maxContext(f, rootFields));
        b.nativeDtype(nativeDtype(f, rootFields, family, notes));
        b.tiedEmbeddings(tied(family, f, rootFields));
        biasesAndNorms(b, family, rootType, f);
        b.moe(moe(family, f, notes));
        mla(b, family, f, notes);
        sliding(b, family, textType, f, layers);
        b.quantization(QuantizationConfigs.read(root, tc != null && tc.isObject() ? tc : null, where));
        b.notes(notes).unmodelledFields(unmodelled);
        ModelSpecValidator.FieldNames names = new ModelSpecValidator.FieldNames(
                f.path(layerKeys),
                f.path(hiddenKeys),
                f.path(headKeys),
                f.path(KV_HEAD_KEYS),
                f.path("head_dim"),
                f.path("vocab_size"));
        return ModelSpecValidator.validate(b.build(), where, names);
    }

    /** Which parameter/KV layout a model_type follows. */
    static String family(String modelType) {
        if (modelType == null) {
            return "generic";
        }
        return switch (modelType) {
            case "llama",
                    "mistral",
                    "mixtral",
                    "qwen2",
                    "qwen2_moe",
                    "qwen3",
                    "qwen3_moe",
                    "gemma",
                    "gemma2",
                    "phi3",
                    "deepseek_v2",
                    "deepseek_v3",
                    "gpt_oss",
                    "gpt2" -> modelType;
            case "gemma3", "gemma3_text" -> "gemma3";
            case "falcon", "refinedweb", "refinedwebmodel" -> "falcon";
            case "gpt_bigcode" ->
                "gpt2"; // StarCoder: GPT-2's layout (LayerNorm, learned positions, biases, tied) with multi-query
            default -> "generic";
        };
    }

    private static int kvHeads(String family, String rootType, ConfigFields f, int heads) {
        if ("falcon".equals(family)) {
            // vLLM FalconModelArchConfigConvertor: the old layout with multi_query has one KV head
            boolean newDecoder = f.bool("new_decoder_architecture", "refinedweb".equals(rootType));
            if (!newDecoder && f.bool("multi_query", true)) {
                return 1;
            }
        }
        if ("gpt_bigcode".equals(rootType) && f.bool("multi_query", true)) {
            return 1; // GPTBigCodeConfig.multi_query (default true): one shared K/V head
        }
        Integer kv = f.optPositiveInt(KV_HEAD_KEYS);
        return kv == null ? heads : kv;
    }

    private static int headDim(ConfigFields f, long hidden, int heads) {
        // head_dim 0 counts as absent (vLLM: "head_dim if non-null and > 0")
        if (f.has("head_dim")
                && f.node().get("head_dim").isNumber()
                && f.node().get("head_dim").asLong() == 0) {
            return (int) (hidden / heads);
        }
        Integer hd = f.optPositiveInt("head_dim", "hidden_size_per_head");
        return hd != null ? hd : (int) (hidden / heads);
    }

    private static long intermediate(String family, ConfigFields f, long hidden) {
        return switch (family) {
            case "gpt2" -> {
                Long inner = f.optPositive("n_inner");
                yield inner != null ? inner : Math.multiplyExact(4L, hidden);
            }
            case "falcon" -> {
                Long ffn = f.optPositive("ffn_hidden_size");
                yield ffn != null ? ffn : Math.multiplyExact(4L, hidden);
            }
            default -> f.requirePositive("intermediate_size");
        };
    }

    private static Long maxContext(ConfigFields f, ConfigFields root) {
        Long min = null;
        for (String k : MAX_LEN_KEYS) {
            Long v = f.has(k) ? f.optPositive(k) : root.has(k) && f.node() != root.node() ? root.optPositive(k) : null;
            if (v != null && (min == null || v < min)) {
                min = v;
            }
        }
        return min;
    }

    private static String nativeDtype(ConfigFields f, ConfigFields root, String family, List<String> notes) {
        String raw = null;
        for (ConfigFields c : List.of(root, f)) {
            raw = raw != null ? raw : c.has("dtype") && c.node().get("dtype").isTextual() ? c.text("dtype") : null;
        }
        for (ConfigFields c : List.of(root, f)) {
            raw = raw != null
                    ? raw
                    : c.has("torch_dtype") && c.node().get("torch_dtype").isTextual() ? c.text("torch_dtype") : null;
        }
        if (raw == null) {
            notes.add("config names no dtype/torch_dtype; weights assumed stored as fp32 (transformers' default)");
            return "fp32";
        }
        return switch (raw.toLowerCase(Locale.ROOT)) {
            case "bfloat16", "bf16" -> "bf16";
            case "float16", "fp16", "half" -> "fp16";
            case "float32", "fp32", "float" -> "fp32";
            default -> raw.toLowerCase(Locale.ROOT);
        };
    }

    private static boolean tied(String family, ConfigFields f, ConfigFields root) {
        boolean dflt = switch (family) {
            case "gemma", "gemma2", "gemma3", "gpt2", "falcon" -> true;
            default -> false;
        };
        if ("gpt2".equals(family)) {
            return true; // GPT2LMHeadModel always ties lm_head to wte
        }
        if (f.has("tie_word_embeddings")) {
            return f.bool("tie_word_embeddings", dflt);
        }
        return root.bool("tie_word_embeddings", dflt);
    }

    private static void biasesAndNorms(ModelSpec.Builder b, String family, String rootType, ConfigFields f) {
        boolean attnBias = f.bool("attention_bias", "gpt_oss".equals(family));
        switch (family) {
            case "qwen2", "qwen2_moe" -> b.qkvBias(true).outputBias(false); // q/k/v biased, o_proj not
            case "gpt2" -> b.qkvBias(true).outputBias(true).mlpBias(true).normVectorsPerLayer(4);
            case "falcon" -> {
                boolean bias = f.bool("bias", false);
                b.qkvBias(bias).outputBias(bias).mlpBias(bias);
                boolean newDecoder = f.bool("new_decoder_architecture", "refinedweb".equals(rootType));
                boolean parallel = f.bool("parallel_attn", true);
                Long lnCount = f.optPositive("num_ln_in_parallel_attn");
                int lns = newDecoder ? (lnCount == null ? 2 : lnCount.intValue()) : (parallel ? 1 : 2);
                b.normVectorsPerLayer(2 * lns); // LayerNorm: weight and bias
            }
            case "mixtral", "phi3" -> {
                /* no biases */
            }
            default -> b.qkvBias(attnBias).outputBias(attnBias).mlpBias(f.bool("mlp_bias", false));
        }
        if ("gemma2".equals(family) || "gemma3".equals(family)) {
            b.normVectorsPerLayer(4); // input, post-attention, pre- and post-feedforward RMSNorms
        }
        b.qkNorm(Set.of("qwen3", "qwen3_moe", "gemma3").contains(family));
    }

    private static MoeSpec moe(String family, ConfigFields f, List<String> notes) {
        return switch (family) {
            case "mixtral" ->
                new MoeSpec(
                        f.requirePositiveInt("num_local_experts"),
                        f.requirePositiveInt("num_experts_per_tok"),
                        0,
                        f.requirePositive("intermediate_size"),
                        0,
                        0,
                        1,
                        false,
                        false);
            case "gpt_oss" ->
                new MoeSpec(
                        f.requirePositiveInt("num_local_experts", "num_experts"),
                        f.requirePositiveInt("num_experts_per_tok", "experts_per_token"),
                        0,
                        f.requirePositive("intermediate_size"),
                        0,
                        0,
                        1,
                        true,
                        true);
            case "qwen2_moe", "qwen3_moe" -> {
                Long shared = "qwen2_moe".equals(family) ? f.optNonNegative("shared_expert_intermediate_size") : null;
                int sharedCount = shared != null && shared > 0 ? 1 : 0;
                JsonNode mlpOnly = f.node().get("mlp_only_layers");
                if (mlpOnly != null && mlpOnly.isArray() && mlpOnly.size() > 0) {
                    notes.add("mlp_only_layers " + mlpOnly + " counted as MoE layers (not modelled)");
                }
                Long step = f.optPositive("decoder_sparse_step");
                yield new MoeSpec(
                        f.requirePositiveInt("num_experts"),
                        f.requirePositiveInt("num_experts_per_tok"),
                        sharedCount,
                        f.requirePositive("moe_intermediate_size"),
                        shared == null ? 0 : shared,
                        0,
                        step == null ? 1 : step.intValue(),
                        false,
                        false);
            }
            case "deepseek_v2", "deepseek_v3" -> {
                if (!f.has("n_routed_experts")) {
                    yield null;
                }
                int shared = f.optNonNegative("n_shared_experts") == null
                        ? 0
                        : f.optNonNegative("n_shared_experts").intValue();
                long moeI = f.requirePositive("moe_intermediate_size");
                Long firstDense = f.optNonNegative("first_k_dense_replace");
                Long freq = f.optPositive("moe_layer_freq");
                yield new MoeSpec(
                        f.requirePositiveInt("n_routed_experts"),
                        f.requirePositiveInt("num_experts_per_tok"),
                        shared,
                        moeI,
                        shared * moeI,
                        firstDense == null ? 0 : firstDense.intValue(),
                        freq == null ? 1 : freq.intValue(),
                        false,
                        false);
            }
            default -> null;
        };
    }

    private static void mla(ModelSpec.Builder b, String family, ConfigFields f, List<String> notes) {
        if (!family.startsWith("deepseek_v") || !f.has("kv_lora_rank")) {
            return;
        }
        Integer qLora = f.optPositiveInt("q_lora_rank");
        int kvLora = f.requirePositiveInt("kv_lora_rank");
        int nope = f.requirePositiveInt("qk_nope_head_dim");
        int rope = f.requirePositiveInt("qk_rope_head_dim");
        int v = f.requirePositiveInt("v_head_dim");
        b.mla(new MlaSpec(qLora, kvLora, nope, rope, v));
        b.headDim(nope + rope); // per-head q/k width; the KV cache holds the latent instead
        Long mtp = f.optNonNegative("num_nextn_predict_layers");
        if (mtp != null && mtp > 0) {
            notes.add("main model only: the " + mtp + " multi-token-prediction layer(s) in the checkpoint are"
                    + " not counted (engines load them only for speculative decoding)");
        }
    }

    private static void sliding(ModelSpec.Builder b, String family, String modelType, ConfigFields f, int layers) {
        Long window = f.optPositive("sliding_window");
        JsonNode types = f.node().get("layer_types");
        List<Boolean> slides = new ArrayList<>(layers);
        if (types != null && !types.isNull()) {
            if (!types.isArray() || types.size() != layers) {
                throw f.invalid("layer_types", "must be a list of " + layers + " entries (one per layer)", types);
            }
            types.forEach(t -> slides.add(t.asText().contains("sliding")));
            if ("gpt_oss".equals(family) && window == null) {
                window = 128L;
            }
        } else {
            switch (family) {
                case "qwen2", "qwen2_moe", "qwen3", "qwen3_moe" -> {
                    // configuration_qwen2.py: sliding_window is ignored unless use_sliding_window
                    boolean use = f.bool("use_sliding_window", false);
                    Long from = f.optNonNegative("max_window_layers");
                    for (int i = 0; i < layers; i++) {
                        slides.add(use && i >= (from == null ? 0 : from));
                    }
                }
                case "gemma2", "gpt_oss" -> {
                    window = window != null ? window : ("gemma2".equals(family) ? 4096L : 128L);
                    // even layers slide, odd layers attend globally
                    slides.addAll(SlidingWindowPattern.layers(
                            layers, SlidingWindowPattern.period(family).getAsInt()));
                }
                case "deepseek_v2", "deepseek_v3", "gpt2", "falcon" -> {}
                default -> {
                    // gemma3, cohere2: the config's sliding_window_pattern, else the class default
                    String interleaved = "gemma3".equals(family) ? family : modelType;
                    if (SlidingWindowPattern.interleaved(interleaved)) {
                        Long pattern = f.optPositive("sliding_window_pattern");
                        long p = pattern == null
                                ? SlidingWindowPattern.period(interleaved).getAsInt()
                                : pattern;
                        slides.addAll(SlidingWindowPattern.layers(layers, p)); // global at i = p-1, 2p-1, ...
                    } else {
                        // mistral v0.1, phi3 ...: a sliding_window applies to every layer
                        for (int i = 0; i < layers; i++) {
                            slides.add(window != null);
                        }
                    }
                }
            }
        }
        if (window == null || !slides.contains(Boolean.TRUE)) {
            return;
        }
        if (window > Integer.MAX_VALUE) {
            window = (long) Integer.MAX_VALUE; // a window beyond any context never caps anything
        }
        b.slidingWindow(window.intValue()).slidingLayers(slides);
    }

    private static JsonNode withDefaults(JsonNode node, Map<String, Object> defaults, List<String> notes) {
        ObjectNode merged = ((ObjectNode) node).deepCopy();
        List<String> applied = new ArrayList<>();
        for (Map.Entry<String, Object> e : defaults.entrySet()) {
            JsonNode v = merged.get(e.getKey());
            if (v == null || v.isNull()) {
                if (e.getValue() instanceof Boolean bool) {
                    merged.put(e.getKey(), bool);
                } else {
                    merged.put(e.getKey(), ((Number) e.getValue()).longValue());
                }
                applied.add(e.getKey() + "=" + e.getValue());
            }
        }
        if (!applied.isEmpty()) {
            notes.add("fields absent from the config took Gemma3TextConfig defaults: " + String.join(", ", applied));
        }
        return merged;
    }

    private static Map<String, Object> gemma3Defaults() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("vocab_size", 262_208);
        d.put("hidden_size", 2304);
        d.put("intermediate_size", 9216);
        d.put("num_hidden_layers", 26);
        d.put("num_attention_heads", 8);
        d.put("num_key_value_heads", 4);
        d.put("head_dim", 256);
        d.put("max_position_embeddings", 131_072);
        d.put("sliding_window", 4096);
        d.put("tie_word_embeddings", true);
        return d;
    }

    private static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }
}
