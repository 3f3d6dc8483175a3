package dev.gpufit.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Which config.json fields change a model's memory in ways gpufit does not model. A generic
 * estimate (and a mapped family's own arithmetic) counts a llama-shaped decoder from the standard
 * fields; a field that adds experts, recurrent state, per-layer shapes or layer kinds makes that
 * count wrong, often by 10x (Qwen3-Next-80B-A3B counted as 3.0 B parameters, Kimi-K2 as 39 B).
 * Such a field is reported here so the caller refuses the model rather than print a wrong number.
 *
 * <p>The rule is a closed list of key patterns, matched on the lower-cased top-level keys of the
 * text model's config, for values that are not trivially absent ({@code null}, {@code false},
 * {@code 0}, empty list/string/object):
 *
 * <ul>
 *   <li>experts: {@code *expert*}, {@code *moe*}, {@code interleave_moe_layer_step}
 *   <li>per-layer kinds and patterns: {@code layer_types} (entries other than full/sliding
 *       attention), {@code layers_block_type}, {@code hybrid_override_pattern},
 *       {@code block_types}, {@code attn_type_list}, {@code attn_layer_*}, {@code full_attn_idxs},
 *       {@code *_layer_period}, {@code *_layer_offset}, {@code no_rope_layers},
 *       {@code mlp_only_layers}, {@code attention_chunk_size}, {@code num_kv_shared_layers}
 *   <li>state-space / recurrent / convolution: {@code *mamba*}, {@code ssm*}, {@code *_ssm*},
 *       {@code *conv*}, {@code linear_*}, {@code d_state}, {@code state_size},
 *       {@code time_step_*}, {@code rwkv*}, {@code *recurrent*}
 *   <li>per-layer inputs and extra blocks: {@code *_per_layer*}, {@code altup*},
 *       {@code laurel*}
 *   <li>latent attention and indexer: {@code kv_lora_rank}, {@code q_lora_rank},
 *       {@code index_*}
 *   <li>feed-forward width rules and embedding ties under names gpufit does not read:
 *       {@code block_ff_dim}, {@code block_auto_adjust_ff_dim}, {@code block_ffn_dim_multiplier},
 *       {@code block_multiple_of}, {@code ffn_dim_multiplier}, {@code tie_embedding}
 *   <li>a list where a number is expected, or a list of layers: a {@code num_*},
 *       {@code *_heads}, {@code *_size}, {@code *_dim}, {@code *_multipliers}, {@code *_layers},
 *       {@code *_idxs} or {@code *_indices} key holding a non-empty list
 * </ul>
 *
 * A mapped family exempts the keys its mapping reads ({@link #MODELLED}); a generic estimate
 * exempts none.
 */
public final class SizeBearingFields {
    private static final List<Predicate<String>> PATTERNS = List.of(
            k -> k.contains("expert"),
            k -> k.contains("moe"),
            k -> Set.of(
                            "layers_block_type",
                            "hybrid_override_pattern",
                            "block_types",
                            "attn_type_list",
                            "full_attn_idxs",
                            "no_rope_layers",
                            "mlp_only_layers",
                            "attention_chunk_size",
                            "num_kv_shared_layers",
                            "d_state",
                            "state_size",
                            "kv_lora_rank",
                            "q_lora_rank",
                            "block_ff_dim",
                            "block_auto_adjust_ff_dim",
                            "block_ffn_dim_multiplier",
                            "block_multiple_of",
                            "ffn_dim_multiplier",
                            "tie_embedding")
                    .contains(k),
            k -> k.startsWith("attn_layer_") || k.endsWith("_layer_period") || k.endsWith("_layer_offset"),
            k -> k.contains("mamba") || k.startsWith("ssm") || k.contains("_ssm") || k.contains("conv"),
            k -> k.startsWith("linear_") || k.startsWith("time_step_") || k.startsWith("rwkv"),
            k -> k.contains("recurrent"),
            k -> k.contains("_per_layer") || k.startsWith("altup") || k.startsWith("laurel"),
            k -> k.startsWith("index_"));

    /**
     * Keys that, holding a list, give per-layer numbers or pick layers out: OpenELM's heads,
     * Llama 3.2 Vision's cross_attention_layers, Kimi Linear's kda_layers, Falcon-H1's
     * attn_layer_indices.
     */
    private static final Predicate<String> LIST_KEY = k -> k.startsWith("num_")
            || k.endsWith("_heads")
            || k.endsWith("_size")
            || k.endsWith("_dim")
            || k.endsWith("_multipliers")
            || k.endsWith("_layers")
            || k.endsWith("_idxs")
            || k.endsWith("_indices");

    /** Layer kinds the mapping models: the rest (linear_attention, mamba, conv ...) are not. */
    private static final Set<String> MODELLED_LAYER_TYPES = Set.of("full_attention", "sliding_attention");

    /** Per mapped family, the size-bearing keys its mapping reads (HfConfigMapper). */
    private static final Map<String, Set<String>> MODELLED = Map.of(
            "mixtral", Set.of("num_local_experts", "num_experts_per_tok"),
            "qwen2_moe",
                    Set.of(
                            "num_experts",
                            "num_experts_per_tok",
                            "moe_intermediate_size",
                            "shared_expert_intermediate_size",
                            "mlp_only_layers"),
            "qwen3_moe", Set.of("num_experts", "num_experts_per_tok", "moe_intermediate_size", "mlp_only_layers"),
            "deepseek_v2", deepseek(),
            "deepseek_v3", deepseek(),
            "gpt_oss", Set.of("num_local_experts", "num_experts", "num_experts_per_tok", "experts_per_token"));

    private SizeBearingFields() {}

    private static Set<String> deepseek() {
        return Set.of(
                "n_routed_experts",
                "n_shared_experts",
                "moe_intermediate_size",
                "moe_layer_freq",
                "num_experts_per_tok",
                "kv_lora_rank",
                "q_lora_rank");
    }

    /**
     * @param text   the text model's config object
     * @param prefix how its keys are named in messages ("" or "text_config.")
     * @param family the mapping HfConfigMapper chose; "generic" exempts nothing
     * @return the unmodelled size-bearing keys, prefixed, in file order
     */
    public static List<String> unmodelled(JsonNode text, String prefix, String family) {
        Set<String> exempt = MODELLED.getOrDefault(family, Set.of());
        Set<String> found = new LinkedHashSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = text.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String k = e.getKey().toLowerCase(Locale.ROOT);
            JsonNode v = e.getValue();
            if (trivial(v) || exempt.contains(k)) {
                continue;
            }
            if ("layer_types".equals(k)) {
                if (!modelledLayerTypes(v)) {
                    found.add(prefix + e.getKey());
                }
            } else if (PATTERNS.stream().anyMatch(p -> p.test(k)) || (v.isArray() && LIST_KEY.test(k))) {
                found.add(prefix + e.getKey());
            }
        }
        return new ArrayList<>(found);
    }

    private static boolean modelledLayerTypes(JsonNode v) {
        if (!v.isArray()) {
            return false;
        }
        for (JsonNode t : v) {
            if (!t.isTextual() || !MODELLED_LAYER_TYPES.contains(t.asText())) {
                return false;
            }
        }
        return true;
    }

    private static boolean trivial(JsonNode v) {
        return v == null
                || v.isNull()
                || (v.isBoolean() && !v.asBoolean())
                || (v.isNumber() && v.asDouble() == 0)
                || (v.isContainerNode() && v.size() == 0)
                || (v.isTextual() && v.asText().isEmpty());
    }
}
