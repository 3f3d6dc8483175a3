package dev.gpufit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gpufit.model.HfConfigMapper;
import dev.gpufit.model.ModelSpec;

/**
 * Real config.json contents (the fields that matter, copied from the models' HF repos) and the
 * published figures they must give.
 */
public final class Fixtures {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Fixtures() {}

    public static ModelSpec spec(String json) {
        try {
            JsonNode node = JSON.readTree(json);
            return HfConfigMapper.map(node, "fixture", "config.json", "fixture config.json");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    public static final String LLAMA_2_7B = """
            {"architectures": ["LlamaForCausalLM"], "model_type": "llama", "hidden_size": 4096,
             "intermediate_size": 11008, "num_attention_heads": 32, "num_hidden_layers": 32,
             "num_key_value_heads": 32, "max_position_embeddings": 4096, "vocab_size": 32000,
             "tie_word_embeddings": false, "rms_norm_eps": 1e-05, "torch_dtype": "float16"}
            """;

    public static final String LLAMA_3_8B = """
            {"architectures": ["LlamaForCausalLM"], "model_type": "llama", "hidden_size": 4096,
             "intermediate_size": 14336, "num_attention_heads": 32, "num_hidden_layers": 32,
             "num_key_value_heads": 8, "max_position_embeddings": 8192, "vocab_size": 128256,
             "rope_theta": 500000.0, "tie_word_embeddings": false, "torch_dtype": "bfloat16"}
            """;

    public static final String MISTRAL_7B_V01 = """
            {"architectures": ["MistralForCausalLM"], "model_type": "mistral", "hidden_size": 4096,
             "intermediate_size": 14336, "num_attention_heads": 32, "num_hidden_layers": 32,
             "num_key_value_heads": 8, "max_position_embeddings": 32768, "sliding_window": 4096,
             "vocab_size": 32000, "tie_word_embeddings": false, "torch_dtype": "bfloat16"}
            """;

    public static final String QWEN25_05B = """
            {"architectures": ["Qwen2ForCausalLM"], "model_type": "qwen2", "hidden_size": 896,
             "intermediate_size": 4864, "num_attention_heads": 14, "num_hidden_layers": 24,
             "num_key_value_heads": 2, "max_position_embeddings": 32768, "max_window_layers": 21,
             "sliding_window": 32768, "use_sliding_window": false, "tie_word_embeddings": true,
             "vocab_size": 151936, "torch_dtype": "bfloat16"}
            """;

    public static final String QWEN3_8B = """
            {"architectures": ["Qwen3ForCausalLM"], "model_type": "qwen3", "attention_bias": false,
             "head_dim": 128, "hidden_size": 4096, "intermediate_size": 12288,
             "max_position_embeddings": 40960, "max_window_layers": 36, "num_attention_heads": 32,
             "num_hidden_layers": 36, "num_key_value_heads": 8, "sliding_window": null,
             "use_sliding_window": false, "tie_word_embeddings": false, "vocab_size": 151936,
             "torch_dtype": "bfloat16"}
            """;

    public static final String GEMMA_2_9B = """
            {"architectures": ["Gemma2ForCausalLM"], "model_type": "gemma2", "attn_logit_softcapping": 50.0,
             "final_logit_softcapping": 30.0, "head_dim": 256, "hidden_size": 3584,
             "intermediate_size": 14336, "max_position_embeddings": 8192, "num_attention_heads": 16,
             "num_hidden_layers": 42, "num_key_value_heads": 8, "query_pre_attn_scalar": 256,
             "sliding_window": 4096, "vocab_size": 256000, "cache_implementation": "hybrid",
             "torch_dtype": "float32"}
            """;

    public static final String PHI3_MINI_4K = """
            {"architectures": ["Phi3ForCausalLM"], "model_type": "phi3", "hidden_size": 3072,
             "intermediate_size": 8192, "max_position_embeddings": 4096, "num_attention_heads": 32,
             "num_hidden_layers": 32, "num_key_value_heads": 32, "original_max_position_embeddings": 4096,
             "sliding_window": 2047, "tie_word_embeddings": false, "vocab_size": 32064,
             "torch_dtype": "bfloat16"}
            """;

    public static final String MIXTRAL_8X7B = """
            {"architectures": ["MixtralForCausalLM"], "model_type": "mixtral", "hidden_size": 4096,
             "intermediate_size": 14336, "max_position_embeddings": 32768, "num_attention_heads": 32,
             "num_experts_per_tok": 2, "num_hidden_layers": 32, "num_key_value_heads": 8,
             "num_local_experts": 8, "router_aux_loss_coef": 0.02, "sliding_window": null,
             "tie_word_embeddings": false, "vocab_size": 32000, "torch_dtype": "bfloat16"}
            """;

    public static final String QWEN3_30B_A3B = """
            {"architectures": ["Qwen3MoeForCausalLM"], "model_type": "qwen3_moe", "attention_bias": false,
             "decoder_sparse_step": 1, "head_dim": 128, "hidden_size": 2048, "intermediate_size": 6144,
             "max_position_embeddings": 40960, "max_window_layers": 48, "mlp_only_layers": [],
             "moe_intermediate_size": 768, "norm_topk_prob": true, "num_attention_heads": 32,
             "num_experts": 128, "num_experts_per_tok": 8, "num_hidden_layers": 48,
             "num_key_value_heads": 4, "sliding_window": null, "tie_word_embeddings": false,
             "use_sliding_window": false, "vocab_size": 151936, "torch_dtype": "bfloat16"}
            """;

    public static final String DEEPSEEK_V3 = """
            {"architectures": ["DeepseekV3ForCausalLM"], "model_type": "deepseek_v3", "first_k_dense_replace": 3,
             "hidden_size": 7168, "intermediate_size": 18432, "kv_lora_rank": 512,
             "max_position_embeddings": 163840, "moe_intermediate_size": 2048, "moe_layer_freq": 1,
             "n_group": 8, "n_routed_experts": 256, "n_shared_experts": 1, "norm_topk_prob": true,
             "num_attention_heads": 128, "num_experts_per_tok": 8, "num_hidden_layers": 61,
             "num_key_value_heads": 128, "num_nextn_predict_layers": 1, "q_lora_rank": 1536,
             "qk_nope_head_dim": 128, "qk_rope_head_dim": 64, "topk_group": 4, "topk_method": "noaux_tc",
             "v_head_dim": 128, "vocab_size": 129280, "tie_word_embeddings": false,
             "torch_dtype": "bfloat16",
             "quantization_config": {"activation_scheme": "dynamic", "fmt": "e4m3",
                                     "quant_method": "fp8", "weight_block_size": [128, 128]}}
            """;

    private static String layerTypes(int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "" : ",").append(i % 2 == 0 ? "\"sliding_attention\"" : "\"full_attention\"");
        }
        return b.toString();
    }

    private static final String GPT_OSS_TEMPLATE = """
            {"architectures": ["GptOssForCausalLM"], "model_type": "gpt_oss", "attention_bias": true,
             "head_dim": 64, "hidden_size": 2880, "intermediate_size": 2880,
             "layer_types": [LT24],
             "max_position_embeddings": 131072, "num_attention_heads": 64, "num_experts_per_tok": 4,
             "num_hidden_layers": 24, "num_key_value_heads": 8, "num_local_experts": 32,
             "sliding_window": 128, "tie_word_embeddings": false, "vocab_size": 201088,
             "torch_dtype": "bfloat16",
             "quantization_config": {"modules_to_not_convert": ["model.layers.*.self_attn",
               "model.layers.*.mlp.router", "model.embed_tokens", "lm_head"], "quant_method": "mxfp4"}}
            """;

    public static final String GPT_OSS_20B = GPT_OSS_TEMPLATE.replace("LT24", layerTypes(24));

    public static final String GPT_OSS_120B = GPT_OSS_TEMPLATE
            .replace("\"num_hidden_layers\": 24", "\"num_hidden_layers\": 36")
            .replace("\"num_local_experts\": 32", "\"num_local_experts\": 128")
            .replace("LT24", layerTypes(36));

    public static final String GPT2 = """
            {"activation_function": "gelu_new", "architectures": ["GPT2LMHeadModel"], "model_type": "gpt2",
             "n_ctx": 1024, "n_embd": 768, "n_head": 12, "n_inner": null, "n_layer": 12,
             "n_positions": 1024, "vocab_size": 50257}
            """;

    public static final String FALCON_7B = """
            {"architectures": ["FalconForCausalLM"], "model_type": "falcon", "alibi": false, "bias": false,
             "hidden_size": 4544, "multi_query": true, "new_decoder_architecture": false,
             "num_attention_heads": 71, "num_hidden_layers": 32, "parallel_attn": true,
             "vocab_size": 65024, "torch_dtype": "bfloat16"}
            """;

    /** The original RefinedWebModel config.json of falcon-7b: legacy field names. */
    public static final String FALCON_7B_LEGACY = """
            {"architectures": ["RWForCausalLM"], "model_type": "RefinedWebModel", "alibi": false, "bias": false,
             "hidden_size": 4544, "multi_query": true, "n_head": 71, "n_layer": 32, "parallel_attn": true,
             "vocab_size": 65024, "torch_dtype": "bfloat16"}
            """;

    /** Gemma 3 27B (multimodal): the text model nests in text_config and omits vocab_size. */
    public static final String GEMMA_3_27B = """
            {"architectures": ["Gemma3ForConditionalGeneration"], "model_type": "gemma3",
             "boi_token_index": 255999, "mm_tokens_per_image": 256,
             "text_config": {"head_dim": 128, "hidden_size": 5376, "intermediate_size": 21504,
               "model_type": "gemma3_text", "num_attention_heads": 32, "num_hidden_layers": 62,
               "num_key_value_heads": 16, "query_pre_attn_scalar": 168,
               "rope_scaling": {"factor": 8.0, "rope_type": "linear"}, "sliding_window": 1024},
             "vision_config": {"hidden_size": 1152, "model_type": "siglip_vision_model"},
             "torch_dtype": "bfloat16"}
            """;
}
