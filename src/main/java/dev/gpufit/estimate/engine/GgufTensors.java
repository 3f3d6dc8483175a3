package dev.gpufit.estimate.engine;

import dev.gpufit.estimate.engine.GgufTensor.Role;
import dev.gpufit.model.ModelSpec;
import dev.gpufit.model.MoeSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The weight tensors llama.cpp's converter writes for a model, listed from its architecture
 * numbers (tensor names and shapes as in llama.cpp {@code llama-arch.cpp}), so a quantization
 * mix can be applied tensor by tensor instead of as an average bits-per-weight.
 *
 * <p>Covers the llama-style families (llama, mistral, mixtral, qwen2/3 and their MoE, gemma 1-3),
 * phi3 (fused qkv and gate/up) and gpt_neox (fused qkv, LayerNorm, biases). Other architectures
 * (MLA, gpt-oss, falcon, gpt2) return empty and are estimated from bits per weight.
 */
public final class GgufTensors {
    private static final Set<String> LLAMA_STYLE = Set.of(
            "llama",
            "mistral",
            "mixtral",
            "qwen2",
            "qwen2_moe",
            "qwen3",
            "qwen3_moe",
            "gemma",
            "gemma2",
            "gemma3",
            "generic");

    private GgufTensors() {}

    public static Optional<List<GgufTensor>> of(ModelSpec s) {
        String arch = s.architecture();
        boolean neox = "gpt_neox".equals(arch);
        boolean phi3 = "phi3".equals(arch);
        if (s.mla() != null || !(LLAMA_STYLE.contains(arch) || neox || phi3)) {
            return Optional.empty();
        }
        long h = s.hiddenSize();
        long qDim = (long) s.attentionHeads() * s.headDim();
        long kvDim = (long) s.kvHeads() * s.headDim();
        long ff = s.intermediateSize();
        List<GgufTensor> out = new ArrayList<>();
        out.add(new GgufTensor("token_embd.weight", Role.TOKEN_EMBD, -1, h, Math.multiplyExact(s.vocabSize(), h)));
        vector(out, "output_norm.weight", -1, h);
        if (neox) {
            vector(out, "output_norm.bias", -1, h);
        }
        if (!s.tiedEmbeddings()) {
            out.add(new GgufTensor("output.weight", Role.OUTPUT, -1, h, Math.multiplyExact(s.vocabSize(), h)));
        }
        int norms = s.normVectorsPerLayer() != null
                ? s.normVectorsPerLayer()
                : ("gemma2".equals(arch) || "gemma3".equals(arch) || neox) ? 4 : 2;
        for (int i = 0; i < s.layers(); i++) {
            String p = "blk." + i + ".";
            for (int n = 0; n < norms; n++) {
                vector(out, p + "norm" + n, i, h);
            }
            if (neox || phi3) {
                matrix(out, p + "attn_qkv.weight", Role.ATTN_QKV, i, h, qDim + 2 * kvDim);
            } else {
                matrix(out, p + "attn_q.weight", Role.ATTN_Q, i, h, qDim);
                matrix(out, p + "attn_k.weight", Role.ATTN_K, i, h, kvDim);
                matrix(out, p + "attn_v.weight", Role.ATTN_V, i, h, kvDim);
            }
            matrix(out, p + "attn_output.weight", Role.ATTN_OUTPUT, i, qDim, h);
            if (neox) {
                vector(out, p + "attn_qkv.bias", i, qDim + 2 * kvDim);
            } else if (s.qkvBias()) {
                vector(out, p + "attn_q.bias", i, qDim);
                vector(out, p + "attn_k.bias", i, kvDim);
                vector(out, p + "attn_v.bias", i, kvDim);
            }
            if (neox || s.outputBias()) {
                vector(out, p + "attn_output.bias", i, h);
            }
            if (s.qkNorm()) {
                vector(out, p + "attn_q_norm.weight", i, s.headDim());
                vector(out, p + "attn_k_norm.weight", i, s.headDim());
            }
            MoeSpec moe = s.moe();
            if (moe != null && isMoeLayer(arch, moe, i)) {
                experts(out, p, i, h, moe);
            } else if (neox) {
                matrix(out, p + "ffn_up.weight", Role.FFN_UP, i, h, ff);
                vector(out, p + "ffn_up.bias", i, ff);
                matrix(out, p + "ffn_down.weight", Role.FFN_DOWN, i, ff, h);
                vector(out, p + "ffn_down.bias", i, h);
            } else if (phi3) {
                matrix(out, p + "ffn_up.weight", Role.FFN_UP, i, h, 2 * ff); // gate and up fused
                matrix(out, p + "ffn_down.weight", Role.FFN_DOWN, i, ff, h);
            } else {
                matrix(out, p + "ffn_gate.weight", Role.FFN_GATE, i, h, ff);
                matrix(out, p + "ffn_up.weight", Role.FFN_UP, i, h, ff);
                matrix(out, p + "ffn_down.weight", Role.FFN_DOWN, i, ff, h);
            }
        }
        return Optional.of(List.copyOf(out));
    }

    private static void experts(List<GgufTensor> out, String p, int i, long h, MoeSpec moe) {
        long e = moe.experts();
        long ie = moe.expertIntermediateSize();
        out.add(new GgufTensor(p + "ffn_gate_inp.weight", Role.ROUTER, i, h, h * e));
        out.add(new GgufTensor(p + "ffn_gate_exps.weight", Role.FFN_GATE_EXPS, i, h, h * ie * e));
        out.add(new GgufTensor(p + "ffn_up_exps.weight", Role.FFN_UP_EXPS, i, h, h * ie * e));
        out.add(new GgufTensor(p + "ffn_down_exps.weight", Role.FFN_DOWN_EXPS, i, ie, ie * h * e));
        long shared = moe.sharedIntermediateSize() > 0 ? moe.sharedIntermediateSize() : ie * moe.sharedExperts();
        if (moe.sharedExperts() > 0 && shared > 0) {
            out.add(new GgufTensor(p + "ffn_gate_shexp.weight", Role.FFN_GATE_SHEXP, i, h, h * shared));
            out.add(new GgufTensor(p + "ffn_up_shexp.weight", Role.FFN_UP_SHEXP, i, h, h * shared));
            out.add(new GgufTensor(p + "ffn_down_shexp.weight", Role.FFN_DOWN_SHEXP, i, shared, shared * h));
            out.add(new GgufTensor(p + "ffn_gate_inp_shexp.weight", Role.ROUTER, i, h, h));
        }
    }

    /** Qwen MoE counts layers from 1 ((i+1) % step), others from 0; leading dense layers first. */
    private static boolean isMoeLayer(String arch, MoeSpec moe, int i) {
        if (i < moe.firstDenseLayers()) {
            return false;
        }
        int freq = Math.max(1, moe.layerFrequency());
        return arch.startsWith("qwen") ? (i + 1) % freq == 0 : i % freq == 0;
    }

    private static void matrix(List<GgufTensor> out, String name, Role role, int layer, long ne0, long ne1) {
        out.add(new GgufTensor(name, role, layer, ne0, Math.multiplyExact(ne0, ne1)));
    }

    private static void vector(List<GgufTensor> out, String name, int layer, long n) {
        out.add(new GgufTensor(name, Role.VECTOR, layer, n, n));
    }
}
