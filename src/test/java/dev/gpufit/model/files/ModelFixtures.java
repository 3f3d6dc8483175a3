package dev.gpufit.model.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Model directories for tests, written with {@link SafetensorsTestWriter} (sparse: headers only on disk). */
public final class ModelFixtures {
    public static final long LLAMA3_8B_PARAMETERS = 8_030_261_248L;
    public static final long LLAMA3_8B_BF16_BYTES = 16_060_522_496L;
    /** Bytes of the 32 rotary inv_freq buffers (F32 [64]) the fixture adds. */
    public static final long INV_FREQ_BYTES = 32 * 64 * 4;
    /** meta-llama/Meta-Llama-3-8B-Instruct's config.json, the fields that matter. */
    public static final String LLAMA3_8B_CONFIG = """
            {"architectures": ["LlamaForCausalLM"], "model_type": "llama", "hidden_size": 4096,
             "intermediate_size": 14336, "num_hidden_layers": 32, "num_attention_heads": 32,
             "num_key_value_heads": 8, "vocab_size": 128256, "max_position_embeddings": 8192,
             "rms_norm_eps": 1e-05, "rope_theta": 500000.0, "tie_word_embeddings": false,
             "torch_dtype": "bfloat16"}
            """;

    private ModelFixtures() {}

    /**
     * Llama-3-8B as HF ships it: 4 shards and an index, BF16, plus a rotary inv_freq buffer per
     * layer (as older checkpoints carried) that must count in bytes but not in parameters.
     * The files are sparse: only the headers exist on disk.
     */
    public static Path writeLlama3(Path dir) throws IOException {
        int[][] layersPerShard = {{0, 9}, {9, 20}, {20, 31}, {31, 32}};
        Map<String, String> weightMap = new LinkedHashMap<>();
        for (int s = 0; s < 4; s++) {
            String shard = String.format("model-%05d-of-00004.safetensors", s + 1);
            SafetensorsTestWriter w = new SafetensorsTestWriter().metadata("format", "pt");
            List<String> names = new ArrayList<>();
            if (s == 0) {
                w.tensor("model.embed_tokens.weight", "BF16", 128256, 4096);
                names.add("model.embed_tokens.weight");
            }
            for (int l = layersPerShard[s][0]; l < layersPerShard[s][1]; l++) {
                String p = "model.layers." + l + ".";
                w.tensor(p + "self_attn.q_proj.weight", "BF16", 4096, 4096)
                        .tensor(p + "self_attn.k_proj.weight", "BF16", 1024, 4096)
                        .tensor(p + "self_attn.v_proj.weight", "BF16", 1024, 4096)
                        .tensor(p + "self_attn.o_proj.weight", "BF16", 4096, 4096)
                        .tensor(p + "mlp.gate_proj.weight", "BF16", 14336, 4096)
                        .tensor(p + "mlp.up_proj.weight", "BF16", 14336, 4096)
                        .tensor(p + "mlp.down_proj.weight", "BF16", 4096, 14336)
                        .tensor(p + "input_layernorm.weight", "BF16", 4096)
                        .tensor(p + "post_attention_layernorm.weight", "BF16", 4096)
                        .tensor(p + "self_attn.rotary_emb.inv_freq", "F32", 64);
                for (String n : List.of(
                        "self_attn.q_proj.weight",
                        "self_attn.k_proj.weight",
                        "self_attn.v_proj.weight",
                        "self_attn.o_proj.weight",
                        "mlp.gate_proj.weight",
                        "mlp.up_proj.weight",
                        "mlp.down_proj.weight",
                        "input_layernorm.weight",
                        "post_attention_layernorm.weight",
                        "self_attn.rotary_emb.inv_freq")) {
                    names.add(p + n);
                }
            }
            if (s == 3) {
                w.tensor("model.norm.weight", "BF16", 4096).tensor("lm_head.weight", "BF16", 128256, 4096);
                names.add("model.norm.weight");
                names.add("lm_head.weight");
            }
            w.writeSparse(dir.resolve(shard));
            names.forEach(n -> weightMap.put(n, shard));
        }
        StringBuilder idx = new StringBuilder(
                "{\"metadata\":{\"total_size\":" + (LLAMA3_8B_BF16_BYTES + 32 * 64 * 4) + "},\"weight_map\":{");
        weightMap.forEach(
                (k, v) -> idx.append('"').append(k).append("\":\"").append(v).append("\","));
        idx.setLength(idx.length() - 1);
        idx.append("}}");
        Files.writeString(dir.resolve("model.safetensors.index.json"), idx);
        Files.writeString(dir.resolve("config.json"), LLAMA3_8B_CONFIG);
        return dir;
    }
}
