package dev.gpufit.model.gguf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gpufit.estimate.Engine;
import dev.gpufit.estimate.MemoryEstimate;
import dev.gpufit.estimate.MemoryEstimator;
import dev.gpufit.estimate.Method;
import dev.gpufit.estimate.Platform;
import dev.gpufit.estimate.Workload;
import dev.gpufit.model.ModelSpec;
import dev.gpufit.model.files.GgufTestWriter;
import dev.gpufit.model.ggml.GgmlType;
import dev.gpufit.report.NoteText;
import dev.gpufit.report.Surface;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** GGUF architecture names reach the estimator as the HF names it keys on. */
class GgufArchitecturesTest {
    @Test
    void ggufNamesMapToHfModelTypes() {
        assertEquals("gpt_oss", GgufArchitectures.hfName("gpt-oss"));
        assertEquals("gpt_neox", GgufArchitectures.hfName("gptneox"));
        assertEquals("qwen3_moe", GgufArchitectures.hfName("qwen3moe"));
        assertEquals("qwen2_moe", GgufArchitectures.hfName("qwen2moe"));
        assertEquals("deepseek_v2", GgufArchitectures.hfName("deepseek2"));
        assertEquals("llama", GgufArchitectures.hfName("LLaMA"));
        assertEquals("gemma2", GgufArchitectures.hfName("gemma2"));
    }

    @Test
    void aQwen3MoeGgufIsQwen3Moe() {
        GgufTestWriter w = model("qwen3moe", 2)
                .u32("qwen3moe.expert_count", 8)
                .u32("qwen3moe.expert_used_count", 2)
                .u32("qwen3moe.expert_feed_forward_length", 128);
        ModelSpec s = GgufFixtures.spec(w.toBytes());
        assertEquals("qwen3_moe", s.architecture());
        assertEquals(8, s.moe().experts());
    }

    /**
     * gpt-oss GGUFs carry a window but no pattern: every other layer slides (layers 0 and 2 of 4)
     * and llama.cpp caches those at PAD(min(n_ctx, 128 x 1 + 512), 256) = 768 cells. The GGUF
     * name "gpt-oss" used to miss the estimator's "gpt_oss" and give every layer 4096 cells.
     */
    @Test
    void aGptOssGgufCapsItsSlidingLayersAtTheWindow() {
        ModelSpec s = GgufFixtures.spec(
                model("gpt-oss", 4).u32("gpt-oss.attention.sliding_window", 128).toBytes());
        assertEquals("gpt_oss", s.architecture());
        assertEquals(List.of(true, false, true, false), s.slidingLayers());
        Workload w = new Workload(
                1, 4096L, null, null, Engine.LLAMA_CPP, Method.DETAILED, Platform.LINUX, 1, Map.of("flash-attn", "on"));
        MemoryEstimate e = MemoryEstimator.estimate(s, w);
        long perCellPerLayer = 2L * (2 * 64 * 2); // K + V rows: 2 KV heads x 64 dims x f16
        assertEquals(perCellPerLayer * (2 * 4096 + 2 * 768), e.kvCacheBytes());
        assertTrue(
                NoteText.render(e.notes(), Surface.CLI).stream().anyMatch(n -> n.contains("2 sliding-window layers")),
                e.notes().toString());
    }

    private static GgufTestWriter model(String arch, int layers) {
        String p = arch + ".";
        GgufTestWriter w = new GgufTestWriter()
                .string("general.architecture", arch)
                .u32(p + "block_count", layers)
                .u32(p + "context_length", 8192)
                .u32(p + "embedding_length", 256)
                .u32(p + "feed_forward_length", 512)
                .u32(p + "attention.head_count", 4)
                .u32(p + "attention.head_count_kv", 2)
                .u32(p + "attention.key_length", 64)
                .u32(p + "attention.value_length", 64)
                .stringArray("tokenizer.ggml.tokens", 40)
                .tensor("token_embd.weight", GgmlType.F16, 256, 40);
        for (int l = 0; l < layers; l++) {
            w.tensor("blk." + l + ".attn_q.weight", GgmlType.Q8_0, 256, 256);
        }
        return w.tensor("output.weight", GgmlType.F16, 256, 40);
    }
}
