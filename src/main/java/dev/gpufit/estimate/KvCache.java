package dev.gpufit.estimate;

import dev.gpufit.model.MlaSpec;
import dev.gpufit.model.ModelSpec;
import dev.gpufit.note.Notes;

/**
 * KV cache bytes per device:
 * <pre>
 *   Σ over layers  bytes_per_token(layer) · tokens(layer) · batch
 *   bytes_per_token = 2 · kv_heads_per_device · head_dim · bytes(kv dtype)       standard attention
 *                   = (kv_lora_rank + qk_rope_head_dim) · bytes(kv dtype)       MLA (one latent, no x2)
 *   tokens = min(context, window) on sliding-window layers, else context
 *   kv_heads_per_device = max(1, kv_heads / tp)   (replicated when tp &gt; kv_heads, as vLLM does; exact,
 *                         because {@link TensorParallelRule} admits only tp that divide kv_heads or are multiples of it)
 * </pre>
 */
public final class KvCache {
    private KvCache() {}

    /** Result: the term and the bytes one token costs across all layers (before window caps). */
    public record Result(Term term, long bytesPerToken) {}

    public static Result compute(EstimateInputs in) {
        ModelSpec s = in.spec();
        KvDtype dt = in.kvDtype();
        int tp = in.workload().tensorParallel();
        long context = in.context();
        MlaSpec mla = s.mla();
        long perLayerFull;
        Notes notes = new Notes();
        if (mla != null) {
            long latent = mla.kvLoraRank() + (long) mla.qkRopeHeadDim();
            perLayerFull = dt.rowBytes(latent);
            notes.add("KV = MLA latent (kv_lora_rank " + mla.kvLoraRank() + " + qk_rope_head_dim " + mla.qkRopeHeadDim()
                    + ") x " + dt.name() + " = " + perLayerFull
                    + " bytes per token per layer, no x2 (vLLM MLAAttentionSpec)"
                    + (tp > 1 ? "; the latent is replicated on every device" : ""));
        } else {
            long kvHeads = Math.max(1, s.kvHeads() / tp);
            perLayerFull = Math.multiplyExact(2L, dt.rowBytes(Math.multiplyExact(kvHeads, (long) s.headDim())));
            notes.add("KV = 2 x " + kvHeads + " KV heads x head_dim " + s.headDim() + " x " + dt.name() + " = "
                    + perLayerFull + " bytes per token per layer" + (tp > 1 ? " on each device" : ""));
            if (tp > 1) {
                notes.add(
                        s.kvHeads() < tp
                                ? "tensor parallel " + tp + " > " + s.kvHeads()
                                        + " KV heads: each device keeps a replicated KV head (max(1, kv_heads / tp) = 1)"
                                : "tensor parallel " + tp + ": " + s.kvHeads() + " KV heads split, " + kvHeads
                                        + " per device");
            }
        }
        long perToken = 0;
        long perSequence = 0;
        int sliding = 0;
        for (int i = 0; i < s.layers(); i++) {
            perToken = Math.addExact(perToken, perLayerFull);
            long tokens = context;
            if (s.isSlidingLayer(i)) {
                tokens = Math.min(context, s.slidingWindow());
                sliding++;
            }
            perSequence = Math.addExact(perSequence, Math.multiplyExact(perLayerFull, tokens));
        }
        long total = Math.multiplyExact(perSequence, (long) in.workload().batch());
        notes.add("KV cache = " + perToken + " bytes per token over " + s.layers() + " layers x " + context
                + " tokens x batch " + in.workload().batch()
                + (sliding > 0
                        ? "; " + sliding + " sliding-window layers capped at " + s.slidingWindow() + " tokens"
                        : ""));
        return new Result(new Term(total, notes), perToken);
    }
}
