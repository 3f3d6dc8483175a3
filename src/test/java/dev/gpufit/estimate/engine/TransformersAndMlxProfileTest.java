package dev.gpufit.estimate.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gpufit.estimate.MemoryEstimate;
import dev.gpufit.estimate.MemoryEstimator;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TransformersAndMlxProfileTest {
    static MemoryEstimate estimate(String engine, long ctx, String dtype, Map<String, String> opts) {
        return MemoryEstimator.estimate(Tiny.LLAMA, Tiny.workload(engine, 1, ctx, dtype, opts));
    }

    @Test
    void transformersCountsFp32LogitsOfThePromptAndEagerScores() {
        // one layer: 100 tokens x (2 x 256 + max(attention 768, MLP 1536)) x 2 bytes = 409,600
        // + logits 100 x 1000 x 4 = 400,000
        assertEquals(
                409_600 + 400_000, estimate("transformers", 100, null, Map.of()).activationsBytes());
        assertEquals(
                409_600 + 4_000,
                estimate("transformers", 100, null, Map.of("logits", "last")).activationsBytes());
        // eager: + 1 x 4 heads x 100^2 x 4 bytes
        assertEquals(
                409_600 + 400_000 + 160_000,
                estimate("transformers", 100, null, Map.of("attn-implementation", "eager"))
                        .activationsBytes());
    }

    @Test
    void transformersOverheadIsContextPlusAllocatorSlack() {
        MemoryEstimate e = estimate("transformers", 100, null, Map.of());
        long dynamic = 809_600 + 100L * 2048; // activations + KV (100 tokens x 2048 bytes)
        assertEquals((512L << 20) + dynamic / 100 * 10, e.overheadBytes());
    }

    @Test
    void mlxQuantizesLinearAndEmbeddingWithGroupScales() {
        // linear 2,359,296 + embedding 256,000 + lm_head 256,000 = 2,871,296 at 4/8 byte + 4 bytes per 64;
        // norms 2,304 x 2
        assertEquals(
                2_871_296 / 2 + 2_871_296 / 64 * 4 + 2_304 * 2,
                estimate("mlx", 100, "int4", Map.of()).weightsBytes());
        assertEquals(2_873_600L * 2, estimate("mlx", 100, null, Map.of()).weightsBytes());
    }

    @Test
    void mlxKvGrowsInStepsOf256() {
        assertEquals(256L * 2048, estimate("mlx", 100, null, Map.of()).kvCacheBytes());
        assertEquals(512L * 2048, estimate("mlx", 257, null, Map.of()).kvCacheBytes());
    }
}
