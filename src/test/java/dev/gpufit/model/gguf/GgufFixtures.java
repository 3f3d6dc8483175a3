package dev.gpufit.model.gguf;

import dev.gpufit.model.ModelSpec;
import dev.gpufit.model.files.ByteArrayChannel;
import dev.gpufit.model.files.GgufTestWriter;
import dev.gpufit.model.ggml.GgmlType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** GGUF files shared by the tests: a Q4_K_M Llama-3-8B and a tiny valid model. */
final class GgufFixtures {
    private GgufFixtures() {}

    /**
     * Llama-3-8B laid out as llama.cpp's Q4_K_M mix does it: Q4_K for most matrices, Q6_K for
     * attn_v, ffn_down and output, F32 norms, and the rope_freqs buffer of Llama 3.1 GGUFs.
     */
    static GgufTestWriter llama3Q4KM(int version) {
        GgufTestWriter w = new GgufTestWriter()
                .version(version)
                .string("general.architecture", "llama")
                .string("general.name", "Meta Llama 3 8B Instruct")
                .u32("general.file_type", 15)
                .u32("general.quantization_version", 2)
                .u32("llama.block_count", 32)
                .u32("llama.context_length", 8192)
                .u32("llama.embedding_length", 4096)
                .u32("llama.feed_forward_length", 14336)
                .u32("llama.attention.head_count", 32)
                .u32("llama.attention.head_count_kv", 8)
                .u32("llama.rope.dimension_count", 128)
                .f32("llama.rope.freq_base", 500000f)
                .string("tokenizer.ggml.model", "gpt2")
                .stringArray("tokenizer.ggml.tokens", 128256);
        w.tensor("rope_freqs.weight", GgmlType.F32, 64);
        w.tensor("token_embd.weight", GgmlType.Q4_K, 4096, 128256);
        for (int l = 0; l < 32; l++) {
            String p = "blk." + l + ".";
            w.tensor(p + "attn_norm.weight", GgmlType.F32, 4096)
                    .tensor(p + "attn_q.weight", GgmlType.Q4_K, 4096, 4096)
                    .tensor(p + "attn_k.weight", GgmlType.Q4_K, 4096, 1024)
                    .tensor(p + "attn_v.weight", GgmlType.Q6_K, 4096, 1024)
                    .tensor(p + "attn_output.weight", GgmlType.Q4_K, 4096, 4096)
                    .tensor(p + "ffn_gate.weight", GgmlType.Q4_K, 4096, 14336)
                    .tensor(p + "ffn_up.weight", GgmlType.Q4_K, 4096, 14336)
                    .tensor(p + "ffn_down.weight", GgmlType.Q6_K, 14336, 4096)
                    .tensor(p + "ffn_norm.weight", GgmlType.F32, 4096);
        }
        w.tensor("output_norm.weight", GgmlType.F32, 4096);
        w.tensor("output.weight", GgmlType.Q6_K, 4096, 128256);
        return w;
    }

    /** A small valid model: two layers, mixed types, a few metadata kinds. */
    static GgufTestWriter tiny() {
        return new GgufTestWriter()
                .string("general.architecture", "llama")
                .u32("general.file_type", 15)
                .u32("llama.block_count", 2)
                .u32("llama.context_length", 2048)
                .u32("llama.embedding_length", 256)
                .u32("llama.feed_forward_length", 512)
                .u32("llama.attention.head_count", 4)
                .i32Array("llama.attention.head_count_kv", 2, 2)
                .bool("tokenizer.ggml.add_bos_token", true)
                .stringArray("tokenizer.ggml.tokens", 40)
                .tensor("token_embd.weight", GgmlType.Q4_K, 256, 40)
                .tensor("blk.0.attn_q.weight", GgmlType.Q6_K, 256, 256)
                .tensor("blk.0.attn_norm.weight", GgmlType.F32, 256)
                .tensor("blk.1.ffn_down.weight", GgmlType.Q8_0, 512, 256)
                .tensor("output.weight", GgmlType.F16, 256, 40);
    }

    static GgufFile parse(byte[] file) {
        try {
            return GgufParser.parse("evil.gguf", new ByteArrayChannel(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parse and map, as {@code gpufit estimate file.gguf} does. */
    static ModelSpec spec(byte[] file) {
        return GgufModelMapper.toSpec("evil.gguf", List.of(parse(file)));
    }
}
