package dev.gpufit.estimate.engine;

import dev.gpufit.model.ModelSpec;
import dev.gpufit.note.Notes;
import java.util.Set;

/**
 * llama.cpp's compute buffers: what ggml's graph allocator reserves for the worst-case graph of
 * one physical batch ({@code n_ubatch} tokens attending over every KV cell). All f32
 * (4 bytes), {@code ub} = n_ubatch, {@code n_kv} = KV cells:
 * <pre>
 *   attention, no flash:  4·ub·(n_kv·(n_head + 1) + temps)     KQ scores per head (softmax in place) + KQ mask
 *   attention, flash:     4·ub·temps + 2·ub·n_kv              no score matrix; f16 mask
 *     temps = 2·q_dim + 2·n_embd  (separate q/k/v), or q_dim + 2·kv_dim + q_dim + 2·n_embd (fused qkv)
 *   output:               4·ub·(n_embd + n_vocab)              logits of every token of the batch
 *   GPU buffer, all layers offloaded:  max(attention, output)
 *   GPU buffer, partial offload:       4·ub·n_embd + max over host weights W of (bytes(W) + 4·ub·(rows + cols))
 *                                      (ggml copies a host weight to the GPU for a large-batch matmul)
 *   host buffer (GPU build):           4·ub·(n_embd + n_kv + 5)   input embeddings, KQ mask, token/position ids
 *   CPU-only:                          the whole graph in the host buffer, measured on the CPU build:
 *     attention, no flash:  4·ub·(n_kv'·(n_head + 1) + temps + 2·n_embd + 5)
 *     attention, flash:     2·ub·n_kv' + 4·ub·(2·n_ff + 7·n_embd + 5)          (an upper bound)
 *     output:               4·ub·(n_vocab + 3·n_embd + 1)                       (an upper bound)
 *     n_kv' = n_kv, or PAD(n_kv / n_seq, 256) when each sequence has its own KV stream
 *     (llama.cpp without kv_unified: the graph attends per stream)
 * </pre>
 * The CPU figures come from scripts/bench/llamacpp-real (llama.cpp v0.4.0, the CPU build in
 * node-llama-cpp 3.21.1). Without flash attention the score matrices dominate and the formula is
 * the byte count: besides the scores, the mask and the q/k/v temporaries, two more f32
 * {@code [n_embd x ub]} activations are live (the residual stream and the attention input) plus
 * a few i32 id rows. The other two phases depend on where ggml-alloc's best fit leaves tensors:
 * the logits go above the highest activation still live, measured at 2 or exactly 3 activations
 * up; with flash attention the f16 mask stays at the bottom and the feed-forward temporaries of
 * a layer sit above it (measured 11.3 to 12.3 activations with n_ff = 2.75 n_embd). Both are
 * bounded by the largest measured case: high by up to 6.4 %, never under, over 34 cases.
 */
public record LlamaCppCompute(long device, long host) {
    private static final Set<String> FUSED_QKV = Set.of("gpt_neox", "phi3", "falcon", "gpt2");

    /**
     * @param unifiedKv one KV stream for all sequences (Ollama; llama.cpp with --kv-unified), else one
     *                  stream per sequence and the CPU graph attends over n_kv / n_seq cells
     */
    public static LlamaCppCompute of(ModelSpec s, LlamaCppSettings st, GgufLayout w, boolean unifiedKv, Notes notes) {
        long ub = st.nUbatch();
        long nKv = st.kvCells();
        long h = s.hiddenSize();
        long qDim = (long) s.attentionHeads() * s.headDim();
        long kvDim = (long) s.kvHeads() * s.headDim();
        long temps = FUSED_QKV.contains(s.architecture()) ? qDim + 2 * kvDim + qDim + 2 * h : 2 * qDim + 2 * h;
        long attention = st.flashAttn()
                ? Math.addExact(4 * ub * temps, 2 * ub * nKv)
                : Math.multiplyExact(4 * ub, Math.addExact(Math.multiplyExact(nKv, s.attentionHeads() + 1L), temps));
        long output = Math.multiplyExact(4 * ub, h + s.vocabSize());
        long full = Math.max(attention, output);
        String phases = "attention "
                + (st.flashAttn() ? "(flash) 4 x ub x temps + 2 x ub x n_kv" : "4 x ub x (n_kv x (n_head + 1) + temps)")
                + " = " + attention + ", output 4 x ub x (n_embd + n_vocab) = " + output + "; ub " + ub + ", n_kv "
                + nKv
                + ", temps " + temps;
        if (st.cpuOnly()) {
            return cpuOnly(s, st, unifiedKv, temps, notes);
        }
        long device;
        boolean allOnGpu = st.gpuLayers() == s.layers() && st.outputOnGpu();
        if (allOnGpu) {
            device = full;
            notes.add("GPU compute buffer = max(" + phases + ") = " + device);
        } else {
            long copy = largestHostMatmul(s, st, w, ub);
            long partial = Math.addExact(4 * ub * h, copy);
            device = st.gpuLayers() > 0 ? Math.max(full, partial) : partial;
            notes.add("GPU compute buffer (partial offload) = " + (st.gpuLayers() > 0 ? "max(" + phases + ", " : "")
                    + "4 x ub x n_embd + largest host weight copied for a large-batch matmul with its input and output ("
                    + copy + ")" + (st.gpuLayers() > 0 ? ")" : "") + " = " + device);
        }
        long host = Math.multiplyExact(4 * ub, h + nKv + 5);
        notes.add("host compute buffer = 4 x ub x (n_embd + n_kv + 5) = " + host + " (input embeddings, KQ mask, ids)");
        return new LlamaCppCompute(device, host);
    }

    /** The CPU build's single compute buffer, as scripts/bench/llamacpp-real measures it. */
    private static LlamaCppCompute cpuOnly(
            ModelSpec s, LlamaCppSettings st, boolean unifiedKv, long temps, Notes notes) {
        long ub = st.nUbatch();
        long h = s.hiddenSize();
        boolean streams = !unifiedKv && st.nSeq() > 1;
        long nKv = streams ? LlamaCppSettings.pad(st.kvCells() / st.nSeq(), LlamaCppSettings.CELL_PAD) : st.kvCells();
        long live = Math.addExact(temps, 2 * h + 5);
        long ffnAboveMask = Math.addExact(2 * s.intermediateSize(), 7 * h + 5);
        long attention = st.flashAttn()
                ? Math.addExact(Math.multiplyExact(2 * ub, nKv), Math.multiplyExact(4 * ub, ffnAboveMask))
                : Math.multiplyExact(4 * ub, Math.addExact(Math.multiplyExact(nKv, s.attentionHeads() + 1L), live));
        long output = Math.multiplyExact(4 * ub, Math.addExact(s.vocabSize(), 3 * h + 1));
        long full = Math.max(attention, output);
        notes.add("CPU compute buffer = max(attention "
                + (st.flashAttn()
                        ? "(flash) 2 x ub x n_kv + 4 x ub x (2 x n_ff + 7 x n_embd + 5)"
                        : "4 x ub x (n_kv x (n_head + 1) + temps + 2 x n_embd + 5)")
                + " = " + attention + ", output 4 x ub x (n_vocab + 3 x n_embd + 1) = " + output
                + "; ub " + ub + ", n_kv " + nKv
                + (streams ? " (one KV stream per sequence: n_ctx / " + st.nSeq() + ")" : "")
                + (st.flashAttn() ? "" : ", temps " + temps) + ") = " + full
                + (st.flashAttn() || output >= attention
                        ? "; an upper bound: ggml-alloc's placement of the "
                                + (output >= attention ? "logits" : "feed-forward temporaries")
                                + " measured up to 6.4 % lower on llama.cpp's CPU build"
                        : "; exact for the score matrices (measured on llama.cpp's CPU build)"));
        return new LlamaCppCompute(0, full);
    }

    /** The biggest host-resident weight a batch matmul copies to the GPU, plus its f32 input and output. */
    private static long largestHostMatmul(ModelSpec s, LlamaCppSettings st, GgufLayout w, long ub) {
        long h = s.hiddenSize();
        long best = 0;
        if (!st.outputOnGpu()) {
            long outputBytes = s.tiedEmbeddings() ? w.tokenEmbd() : w.output();
            best = Math.addExact(outputBytes, 4 * ub * (h + s.vocabSize()));
        }
        int hostLayers = s.layers() - st.gpuLayers();
        if (hostLayers > 0 && s.layers() > 0) {
            // the widest per-layer matrix: an MLP projection (about a third of a dense layer)
            long layerMatrix = w.layers()[0] / 3;
            best = Math.max(best, Math.addExact(layerMatrix, 4 * ub * (h + s.intermediateSize())));
        }
        return best;
    }
}
