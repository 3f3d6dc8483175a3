package dev.gpufit.estimate.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gpufit.model.ModelSpec;
import dev.gpufit.model.files.GgufTestWriter;
import dev.gpufit.model.ggml.GgmlType;
import dev.gpufit.model.gguf.GgufReader;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * llama.cpp placement over a GGUF's own tensor table: {@code --cpu-moe} moves exactly the
 * {@code *_exps} bytes to host RAM and {@code --gpu-layers} offloads the real sizes of the last
 * layers, not an even share of the total.
 */
class GgufLayoutTest {
    private static final int LAYERS = 4;

    @TempDir
    Path dir;

    private ModelSpec spec;
    private long embd;
    private final long[] layer = new long[LAYERS];
    private final long[] experts = new long[LAYERS];

    /** A qwen3moe GGUF: layer 0 dense, layers 1-3 with 8 stacked experts, layer 3 with an extra tensor. */
    @BeforeEach
    void writeModel() {
        GgufTestWriter w = new GgufTestWriter()
                .string("general.architecture", "qwen3moe")
                .u32("qwen3moe.block_count", LAYERS)
                .u32("qwen3moe.context_length", 4096)
                .u32("qwen3moe.embedding_length", 256)
                .u32("qwen3moe.feed_forward_length", 512)
                .u32("qwen3moe.attention.head_count", 4)
                .u32("qwen3moe.attention.head_count_kv", 2)
                .u32("qwen3moe.attention.key_length", 64)
                .u32("qwen3moe.attention.value_length", 64)
                .u32("qwen3moe.expert_count", 8)
                .u32("qwen3moe.expert_used_count", 2)
                .u32("qwen3moe.expert_feed_forward_length", 128)
                .u32("qwen3moe.leading_dense_block_count", 1)
                .stringArray("tokenizer.ggml.tokens", 40);
        embd = add(w, "token_embd.weight", GgmlType.F16, -1, false, 256, 40);
        for (int l = 0; l < LAYERS; l++) {
            String p = "blk." + l + ".";
            add(w, p + "attn_norm.weight", GgmlType.F32, l, false, 256);
            add(w, p + "attn_q.weight", GgmlType.Q8_0, l, false, 256, 256);
            add(w, p + "attn_k.weight", GgmlType.Q8_0, l, false, 256, 128);
            add(w, p + "attn_v.weight", GgmlType.Q8_0, l, false, 256, 128);
            add(w, p + "attn_output.weight", GgmlType.Q8_0, l, false, 256, 256);
            if (l == 0) {
                add(w, p + "ffn_up.weight", GgmlType.F16, l, false, 256, 512);
                add(w, p + "ffn_down.weight", GgmlType.F16, l, false, 512, 256);
            } else {
                add(w, p + "ffn_gate_inp.weight", GgmlType.F32, l, false, 256, 8);
                add(w, p + "ffn_gate_exps.weight", GgmlType.Q8_0, l, true, 256, 128, 8);
                add(w, p + "ffn_up_exps.weight", GgmlType.Q8_0, l, true, 256, 128, 8);
                add(w, p + "ffn_down_exps.weight", GgmlType.Q4_0, l, true, 128, 256, 8);
            }
            if (l == 3) {
                add(w, p + "ffn_norm.weight", GgmlType.F32, l, false, 256);
            }
        }
        add(w, "output_norm.weight", GgmlType.F32, -1, false, 256);
        add(w, "output.weight", GgmlType.F16, -1, false, 256, 40);
        try {
            spec = GgufReader.read(w.writeSparse(dir.resolve("tiny-moe.gguf")));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private long add(GgufTestWriter w, String name, GgmlType type, int l, boolean expert, long... dims) {
        w.tensor(name, type, dims);
        long b = GgufTestWriter.tensorBytes(type, dims);
        if (l >= 0) {
            layer[l] += b;
            experts[l] += expert ? b : 0;
        }
        return b;
    }

    private LlamaCppBuffers buffers(Map<String, String> opts) {
        Map<String, String> o = new HashMap<>(opts);
        o.put("flash-attn", "on");
        return LlamaCppProfileTest.LLAMA.buffers(Tiny.inputs(spec, Tiny.workload("llama.cpp", 1, 1024, null, o)));
    }

    @Test
    void theFileReaderSumsEachLayerAndItsExperts() {
        assertEquals(
                List.of(layer[0], layer[1], layer[2], layer[3]), spec.weights().layerBytes());
        assertEquals(
                List.of(0L, experts[1], experts[2], experts[3]), spec.weights().layerExpertBytes());
        assertTrue(layer[3] > layer[2] && layer[0] != layer[1], "layers differ in size");
    }

    @Test
    void cpuMoeMovesExactlyTheExpertBytesToHostRam() {
        long total = spec.weights().bytes();
        long allExperts = experts[1] + experts[2] + experts[3];
        LlamaCppBuffers gpu = buffers(Map.of());
        assertEquals(total - embd, gpu.weightsDevice());
        assertEquals(embd, gpu.weightsHost());
        LlamaCppBuffers moe = buffers(Map.of("cpu-moe", "true"));
        assertEquals(total - embd - allExperts, moe.weightsDevice());
        assertEquals(embd + allExperts, moe.weightsHost());
    }

    @Test
    void gpuLayersOffloadsTheRealSizesOfTheLastLayers() {
        LlamaCppBuffers two = buffers(Map.of("gpu-layers", "2"));
        assertEquals(layer[2] + layer[3], two.weightsDevice()); // the output head stays on the host
        assertEquals(spec.weights().bytes() - layer[2] - layer[3], two.weightsHost());
        LlamaCppBuffers twoMoe = buffers(Map.of("gpu-layers", "2", "cpu-moe", "true"));
        assertEquals(layer[2] - experts[2] + layer[3] - experts[3], twoMoe.weightsDevice());
    }
}
