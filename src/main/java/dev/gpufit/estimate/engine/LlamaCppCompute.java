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
 *   CPU-only:                          the whole graph in the host buffer: max(attention, output)
 * </pre>
 * The attention and output forms are Ollama's {@code GraphSize} for llama (fs/ggml) with the
 * temporaries counted per head layout. On the public llama.cpp logs they give 258.5, 560, 162,
 * 1080, 304 and 5252 MiB where llama.cpp logged the same figures (engine-logs.jsonl A01, A02,
 * A04-A06, A17, A18, A14, C01, C02); the table is in docs/engines.md#accuracy-gpufit-validate.
 */
public record LlamaCppCompute(long device, long host) {
    private static final Set<String> FUSED_QKV = Set.of("gpt_neox", "phi3", "falcon", "gpt2");

    public static LlamaCppCompute of(ModelSpec s, LlamaCppSettings st, GgufLayout w, Notes notes) {
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
            notes.add("CPU compute buffer = max(" + phases + ") = " + full);
            return new LlamaCppCompute(0, full);
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
