package dev.gpufit.estimate.engine;

import dev.gpufit.estimate.KvDtype;
import dev.gpufit.model.ModelSpec;

/**
 * vLLM's KV cache specs (docs/engine-memory.md#kv-cache-specs, vllm/v1/kv_cache_interface.py), per device:
 * <pre>
 *   page (one block, one layer) = block_size · kv_heads_per_device · (head_size_k + head_size_v) · dtype bytes
 *                               = block_size · (kv_lora_rank + qk_rope_head_dim) · dtype bytes   MLA, no x2
 *   one request, full attention    = cdiv(max_model_len, block_size) pages
 *   one request, sliding window    = cdiv(min(window − 1 + max_num_batched_tokens, max_model_len), block_size) + 1 pages
 * </pre>
 * kv_heads_per_device = max(1, kv_heads / tp): heads are replicated when tp exceeds them. The estimator
 * admits only tp that divide kv_heads or are a multiple of them, so the division is exact.
 */
public final class VllmKv {
    private VllmKv() {}

    /** Bytes one token costs in one layer on one device. */
    public static long perTokenPerLayer(ModelSpec s, KvDtype dt, int tp) {
        if (s.mla() != null) {
            return dt.rowBytes(s.mla().kvLoraRank() + (long) s.mla().qkRopeHeadDim());
        }
        long heads = Math.max(1, s.kvHeads() / tp);
        return Math.multiplyExact(2L, dt.rowBytes(Math.multiplyExact(heads, (long) s.headDim())));
    }

    /** Bytes one block costs over all layers (what a "GPU block" is in vLLM's log). */
    public static long blockBytes(ModelSpec s, KvDtype dt, int tp, long blockSize) {
        return Math.multiplyExact(Math.multiplyExact(perTokenPerLayer(s, dt, tp), s.layers()), blockSize);
    }

    /** KV bytes one request of {@code maxModelLen} tokens needs, block-rounded, window-capped. */
    public static long perRequest(ModelSpec s, KvDtype dt, int tp, long maxModelLen, long maxBatched, long blockSize) {
        long page = Math.multiplyExact(perTokenPerLayer(s, dt, tp), blockSize);
        long total = 0;
        for (int i = 0; i < s.layers(); i++) {
            long pages = s.isSlidingLayer(i)
                    ? cdiv(Math.min(s.slidingWindow() - 1L + maxBatched, maxModelLen), blockSize) + 1
                    : cdiv(maxModelLen, blockSize);
            total = Math.addExact(total, Math.multiplyExact(pages, page));
        }
        return total;
    }

    static long cdiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
