package dev.gpufit.estimate;

import dev.gpufit.model.MlaSpec;
import dev.gpufit.model.ModelSpec;
import dev.gpufit.model.MoeSpec;
import dev.gpufit.note.Notes;

/**
 * Peak activations at inference: only one layer's activations are live at a time (the seed
 * formula's l·b·s·h holds every layer's at once). For T = batch · context prompt tokens in one
 * pass, at {@code activationBytes} per value:
 * <pre>
 *   T · (2·H residual in/out + max(attention width, MLP width))
 *     attention width = q + k + v + attention output (per device under tensor parallelism)
 *     MLP width       = 3 · I (gate, up, their product); MoE: 3 · I_expert · active experts (+ shared)
 *   + attention scores batch · heads · s · s · 4 (fp32) only without flash attention
 *   + logits batch · vocab · 4 (fp32) for the last position, or batch · s · vocab · 4 for all positions
 * </pre>
 */
public final class Activations {
    private Activations() {}

    /**
     * @param flashAttention true: attention is computed in tiles (no s x s score matrix)
     * @param allLogits      true: logits for every prompt position (transformers forward), else the last
     */
    public static Term compute(EstimateInputs in, boolean flashAttention, boolean allLogits) {
        ModelSpec s = in.spec();
        Workload w = in.workload();
        int tp = w.tensorParallel();
        long b = w.batch();
        long ctx = in.context();
        long tokens = Math.multiplyExact(b, ctx);
        long bytes = in.activationBytes();
        long residual = Math.multiplyExact(2L, s.hiddenSize());
        long attn = ceil(attentionWidth(s), tp);
        long mlp = ceil(mlpWidth(s), tp);
        long perToken = Math.addExact(residual, Math.max(attn, mlp));
        long layer = Math.multiplyExact(Math.multiplyExact(tokens, perToken), bytes);
        Notes notes = new Notes();
        notes.add("activations: one layer live at a time, " + b + " x " + ctx
                + " prompt tokens in one pass x (2 x hidden " + s.hiddenSize() + " + max(attention " + attn + ", MLP "
                + mlp + ") values) x " + bytes + " bytes = " + layer);
        long scores = 0;
        if (!flashAttention) {
            long heads = Math.max(1, s.attentionHeads() / tp);
            scores = Math.multiplyExact(
                    Math.multiplyExact(Math.multiplyExact(b, heads), Math.multiplyExact(ctx, ctx)), 4L);
            notes.add("attention scores without flash attention: batch x " + heads + " heads x " + ctx
                    + "^2 x 4 bytes (fp32) = " + scores);
        } else {
            notes.add(
                    "attention scores not materialised (flash/SDPA-style tiled attention assumed; engine option flash-attention=false adds batch x heads x s^2 x 4)");
        }
        long logitRows = allLogits ? tokens : b;
        long logits = Math.multiplyExact(Math.multiplyExact(logitRows, s.vocabSize()), 4L);
        notes.add(
                allLogits
                        ? "logits for every prompt position: " + b + " x " + ctx + " x vocab " + s.vocabSize()
                                + " x 4 bytes (fp32) = " + logits
                        : "logits for the last position of each sequence: " + b + " x vocab " + s.vocabSize()
                                + " x 4 bytes (fp32) = " + logits
                                + " (engine option logits=all counts every prompt position, as a plain transformers forward does)");
        long total = Math.addExact(Math.addExact(layer, scores), logits);
        return new Term(total, notes);
    }

    private static long attentionWidth(ModelSpec s) {
        long nh = s.attentionHeads();
        MlaSpec mla = s.mla();
        if (mla != null) {
            long qk = mla.qkNopeHeadDim() + (long) mla.qkRopeHeadDim();
            return Math.multiplyExact(nh, 2 * qk + 2L * mla.vHeadDim()); // q, k, v, output
        }
        long q = Math.multiplyExact(nh, (long) s.headDim());
        long kv = Math.multiplyExact(2L * s.kvHeads(), (long) s.headDim());
        return Math.addExact(Math.multiplyExact(2L, q), kv);
    }

    private static long mlpWidth(ModelSpec s) {
        long dense = Math.multiplyExact(3L, s.intermediateSize());
        MoeSpec moe = s.moe();
        if (moe == null) {
            return dense;
        }
        long routed =
                Math.multiplyExact(3L, Math.multiplyExact(moe.expertIntermediateSize(), (long) moe.activeExperts()));
        long shared = Math.multiplyExact(
                3L,
                moe.sharedIntermediateSize() > 0
                        ? moe.sharedIntermediateSize()
                        : Math.multiplyExact(moe.expertIntermediateSize(), (long) moe.sharedExperts()));
        long moeWidth = Math.addExact(routed, shared);
        boolean anyDense = moe.firstDenseLayers() > 0 || moe.layerFrequency() > 1;
        return anyDense ? Math.max(dense, moeWidth) : moeWidth;
    }

    private static long ceil(long a, int n) {
        return WeightDtype.ceilDiv(a, n);
    }
}
