package dev.gpufit.estimate.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gpufit.BadInputException;
import dev.gpufit.Fixtures;
import dev.gpufit.estimate.MemoryEstimate;
import dev.gpufit.estimate.MemoryEstimator;
import dev.gpufit.estimate.Workload;
import dev.gpufit.model.ModelSpec;
import dev.gpufit.note.Note;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** vLLM terms and capacity on {@link Tiny} (bf16, 4 layers x 512 KV bytes per token). */
class VllmProfileTest {
    static MemoryEstimate estimate(int batch, long ctx, Map<String, String> opts) {
        return MemoryEstimator.estimate(Tiny.LLAMA, Tiny.workload("vllm", batch, ctx, null, opts));
    }

    @Test
    void weightsIncludeTheRotaryCache() {
        // 2,873,600 parameters x 2 bytes + 1024 positions x head_dim 64 x 2 bytes
        assertEquals(2_873_600L * 2 + 1024 * 64 * 2, estimate(1, 100, Map.of()).weightsBytes());
    }

    @Test
    void kvIsBlockRoundedPerRequest() {
        // 100 tokens -> 7 blocks of 16 = 112 tokens x 512 bytes x 4 layers, two requests
        MemoryEstimate e = estimate(2, 100, Map.of());
        assertEquals(2L * 112 * 512 * 4, e.kvCacheBytes());
        assertEquals(2048, e.kvBytesPerToken());
    }

    @Test
    void activationPeakIsTheProfileBatchAndTheSampler() {
        // 8192 tokens x 2 bytes x (2 x 256 + 2 x 512) + 256 seqs x 1000 x 22
        assertEquals(
                8192L * 2 * 1536 + 256L * 1000 * 22, estimate(1, 100, Map.of()).activationsBytes());
        // chunked prefill off: max(max_model_len, 2048) tokens
        assertEquals(
                2048L * 2 * 1536 + 256L * 1000 * 22,
                estimate(1, 100, Map.of("chunked-prefill", "false")).activationsBytes());
        assertEquals(
                1024L * 2 * 1536 + 8L * 1000 * 22,
                estimate(1, 100, Map.of("max-num-batched-tokens", "1024", "max-num-seqs", "8"))
                        .activationsBytes());
    }

    @Test
    void overheadIsNonTorchGraphsAndContext() {
        assertEquals(
                (256L << 20) + 4 * (26L << 20) + (512L << 20),
                estimate(1, 100, Map.of()).overheadBytes());
        assertEquals(
                (1L << 30) + (512L << 20),
                estimate(1, 100, Map.of("enforce-eager", "true", "non-torch", "1GiB"))
                        .overheadBytes());
    }

    @Test
    void capacityFillsTheBudgetWithBlocks() {
        Workload w = Tiny.workload("vllm", 1, 100, null, Map.of("gpu-memory-utilization", "0.5"));
        MemoryEstimate e = MemoryEstimator.estimate(Tiny.LLAMA, w);
        VllmCapacity c = VllmCapacity.of(Tiny.LLAMA, w, e, 1L << 30);
        assertEquals(1L << 29, c.budgetBytes());
        long kv = (1L << 29) - e.weightsBytes() - e.activationsBytes() - (256L << 20);
        assertEquals(kv, c.kvCacheBytes());
        assertEquals(kv / 32_768, c.gpuBlocks()); // 16 tokens x 2048 bytes
        assertEquals(c.gpuBlocks() * 16, c.kvCacheTokens());
        assertEquals(c.gpuBlocks() / 7.0, c.maxConcurrency(), 1e-9); // a 100-token request needs 7 blocks
        assertTrue(c.fits());
        assertTrue(c.startsWith(1L << 29));
        assertFalse(c.startsWith((1L << 29) - 1));
    }

    @Test
    void oneRequestLongerThanTheCacheDoesNotFit() {
        Workload w = Tiny.workload("vllm", 1, 200_000, null, Map.of("gpu-memory-utilization", "0.5"));
        VllmCapacity c = VllmCapacity.of(Tiny.LLAMA, w, MemoryEstimator.estimate(Tiny.LLAMA, w), 1L << 30);
        assertFalse(c.fits());
        assertTrue(c.reason().contains("max_model_len 200000"), c.reason());
        VllmCapacity none = VllmCapacity.of(Tiny.LLAMA, w, MemoryEstimator.estimate(Tiny.LLAMA, w), 1L << 20);
        assertEquals(0, none.kvCacheTokens());
        assertTrue(none.reason().startsWith("no room for a KV cache"), none.reason());
    }

    @Test
    void utilizationMustBeAFraction() {
        assertThrows(BadInputException.class, () -> estimate(1, 100, Map.of("gpu-memory-utilization", "1.5")));
        assertThrows(BadInputException.class, () -> estimate(1, 100, Map.of("max-num-seqs", "many")));
    }

    @Test
    void anFp32CheckpointLoadsAt16BitsWithoutARotaryCache() {
        // GPT-2 (no torch_dtype: fp32, learned positions). vLLM's --dtype auto loads it in 16 bits and
        // builds no cos/sin cache, so its weights are half the fp32 bytes and nothing more.
        ModelSpec gpt2 = Fixtures.spec(Fixtures.GPT2);
        long fp32 = MemoryEstimator.estimate(gpt2, Tiny.workload("generic", 1, 100, null, Map.of()))
                .weightsBytes();
        Workload vllm = Tiny.workload("vllm", 1, 100, null, Map.of());
        MemoryEstimate e = MemoryEstimator.estimate(gpt2, vllm);
        assertEquals(fp32 / 2, e.weightsBytes());
        assertEquals("bf16", MemoryEstimator.estimate(gpt2, vllm).weightDtype());
        assertEquals("bf16", MemoryEstimator.estimate(gpt2, vllm).kvDtype());
        assertEquals(12L * 2 * 768 * 2, e.kvBytesPerToken());
        assertTrue(
                e.notes().contains(new Note.Fp32CheckpointAt16Bits()), e.notes().toString());
        assertEquals(0, VllmProfile.ropeCache(gpt2));
        // an explicit --dtype fp32 keeps fp32 under vLLM too
        assertEquals(
                fp32,
                MemoryEstimator.estimate(gpt2, Tiny.workload("vllm", 1, 100, "fp32", Map.of()))
                        .weightsBytes());
    }
}
