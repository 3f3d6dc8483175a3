package dev.gpufit.estimate;

import dev.gpufit.model.MlaSpec;
import dev.gpufit.model.ModelSpec;
import dev.gpufit.model.MoeSpec;

/**
 * The exact parameter count of a decoder from its architecture numbers (docs/formats.md#parameter-count):
 * <pre>
 *   embedding V·H (+ positions·H for GPT-2), lm_head V·H unless tied, final norm
 *   per layer: q H·nh·hd, k and v H·nkv·hd, o nh·hd·H (+ biases), MLP 3·H·I gated (2·H·I for
 *   GPT-2/Falcon/GPT-NeoX), norms, q/k norms 2·hd; MoE: experts·3·H·I_e + router E·H (+ shared experts);
 *   MLA: low-rank q and kv projections with their norms
 * </pre>
 * Pure arithmetic with overflow checks.
 */
public final class ParameterCounter {
    private ParameterCounter() {}

    public static ParameterCount count(ModelSpec s) {
        long h = s.hiddenSize();
        long v = s.vocabSize();
        String arch = s.architecture();
        long embedding = mul(v, h);
        if ("gpt2".equals(arch) && s.maxContext() != null) {
            embedding = add(embedding, mul(s.maxContext(), h)); // learned position embedding wpe
        }
        long lmHead = s.tiedEmbeddings() ? 0 : mul(v, h);
        boolean layerNorm = "gpt2".equals(arch) || "falcon".equals(arch) || "gpt_neox".equals(arch);
        long norms = layerNorm ? mul(2, h) : h; // final norm (LayerNorm has a bias)

        long attention = 0;
        long dense = 0;
        long experts = 0;
        long routers = 0;
        long attnPerLayer = attentionPerLayer(s);
        long normPerLayer = mul(s.normVectorsPerLayer() != null ? s.normVectorsPerLayer() : 2, h);
        if (s.qkNorm()) {
            normPerLayer = add(normPerLayer, mul(2, s.headDim()));
        }
        for (int i = 0; i < s.layers(); i++) {
            attention = add(attention, attnPerLayer);
            norms = add(norms, normPerLayer);
            MoeSpec moe = s.moe();
            if (moe != null && isMoeLayer(arch, moe, i)) {
                experts = add(experts, mul(moe.experts(), expert(h, moe.expertIntermediateSize(), moe.expertBias())));
                routers = add(routers, add(mul(moe.experts(), h), moe.routerBias() ? moe.experts() : 0));
                if ("deepseek_v3".equals(arch)) {
                    routers = add(routers, moe.experts()); // e_score_correction_bias (noaux_tc routing)
                }
                long sharedWidth = moe.sharedIntermediateSize() > 0
                        ? moe.sharedIntermediateSize()
                        : mul(moe.sharedExperts(), moe.expertIntermediateSize());
                if (moe.sharedExperts() > 0 && sharedWidth > 0) {
                    dense = add(dense, mul(3, mul(h, sharedWidth)));
                    if (arch.startsWith("qwen2_moe")) {
                        routers = add(routers, h); // shared_expert_gate: H -> 1
                    }
                }
            } else {
                dense = add(dense, denseMlp(s, arch));
            }
        }
        return new ParameterCount(embedding, attention, dense, experts, routers, norms, lmHead);
    }

    /** Which layers carry experts: DeepSeek counts from 0 after the dense ones, Qwen by (i+1) % step. */
    static boolean isMoeLayer(String arch, MoeSpec moe, int i) {
        if (i < moe.firstDenseLayers()) {
            return false;
        }
        int freq = Math.max(1, moe.layerFrequency());
        return arch.startsWith("qwen") ? (i + 1) % freq == 0 : i % freq == 0;
    }

    private static long attentionPerLayer(ModelSpec s) {
        long h = s.hiddenSize();
        long nh = s.attentionHeads();
        MlaSpec mla = s.mla();
        if (mla != null) {
            long qk = mla.qkNopeHeadDim() + (long) mla.qkRopeHeadDim();
            long q = mla.qLoraRank() == null
                    ? mul(h, mul(nh, qk))
                    : add(add(mul(h, mla.qLoraRank()), mla.qLoraRank()), mul(mla.qLoraRank(), mul(nh, qk)));
            long kv = add(
                    add(mul(h, mla.kvLoraRank() + (long) mla.qkRopeHeadDim()), mla.kvLoraRank()),
                    mul(mla.kvLoraRank(), mul(nh, mla.qkNopeHeadDim() + (long) mla.vHeadDim())));
            long o = mul(mul(nh, mla.vHeadDim()), h);
            return add(add(q, kv), o);
        }
        long qDim = mul(nh, s.headDim());
        long kvDim = mul(s.kvHeads(), s.headDim());
        long qkv = mul(h, add(qDim, mul(2, kvDim)));
        if (s.qkvBias()) {
            qkv = add(qkv, add(qDim, mul(2, kvDim)));
        }
        long o = mul(qDim, h);
        if (s.outputBias()) {
            o = add(o, h);
        }
        long sinks = "gpt_oss".equals(s.architecture()) ? nh : 0; // one learned sink logit per head
        return add(add(qkv, o), sinks);
    }

    private static long denseMlp(ModelSpec s, String arch) {
        long h = s.hiddenSize();
        long i = s.intermediateSize();
        if ("gpt2".equals(arch) || "falcon".equals(arch) || "gpt_neox".equals(arch)) {
            long w = mul(2, mul(h, i)); // up and down, no gate
            return s.mlpBias() ? add(w, add(i, h)) : w;
        }
        return expert(h, i, s.mlpBias());
    }

    /** A gated MLP: gate and up H·I, down I·H (+ biases 2I + H). */
    private static long expert(long h, long i, boolean bias) {
        long w = mul(3, mul(h, i));
        return bias ? add(w, add(mul(2, i), h)) : w;
    }

    private static long mul(long a, long b) {
        return Math.multiplyExact(a, b);
    }

    private static long add(long a, long b) {
        return Math.addExact(a, b);
    }
}
