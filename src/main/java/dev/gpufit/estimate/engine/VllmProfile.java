package dev.gpufit.estimate.engine;

import dev.gpufit.estimate.Engine;
import dev.gpufit.estimate.EngineCapacity;
import dev.gpufit.estimate.EngineProfile;
import dev.gpufit.estimate.EstimateInputs;
import dev.gpufit.estimate.KvCache;
import dev.gpufit.estimate.MemoryEstimate;
import dev.gpufit.estimate.Term;
import dev.gpufit.estimate.WeightBytes;
import dev.gpufit.estimate.WeightDtype;
import dev.gpufit.estimate.WeightDtypes;
import dev.gpufit.estimate.Workload;
import dev.gpufit.model.ModelSpec;
import dev.gpufit.model.MoeSpec;
import dev.gpufit.note.Notes;
import java.util.List;
import java.util.Set;

/**
 * vLLM: at start it profiles the model and gives the KV cache whatever is left of
 * {@code gpu_memory_utilization × total} after weights, the activation peak and non-torch
 * memory (vllm worker {@code determine_available_memory}). The estimate here is what one
 * workload needs (batch sequences of max_model_len); {@link VllmCapacity} answers what vLLM
 * would do on a device of a given size.
 * <pre>
 *   weights      = the checkpoint's bytes + rotary cos/sin cache (max_position · rotary_dim · 2 bytes)
 *   activations  = T · 2 · (2·H + 2·I_active / tp)  +  max_num_seqs · vocab · 22
 *                  T = max_num_batched_tokens (the profile run); per token the bf16 MLP gate/up output
 *                  and the hidden and residual streams; the sampler's logits for the last position of
 *                  each dummy sequence: bf16 logits 2 + fp32 copy 4 + probabilities 4 + log-probabilities 4
 *                  + int64 sort indices 8 bytes
 *   KV           = batch · per-request pages (full layers: cdiv(len, 16); sliding: window + batched tokens)
 *   overhead     = non-torch memory + CUDA graphs (≈ 26 MiB per layer, none with --enforce-eager)
 *                  + one CUDA context; graphs and context sit outside vLLM's budget
 * </pre>
 */
public final class VllmProfile implements EngineProfile {
    /** CUDA graph memory per decoder layer: 0.60 GiB for 24 layers and 1.12 GiB for 40 (engine-logs B07, B05). */
    public static final long CUDA_GRAPH_PER_LAYER = 26L << 20;

    public static final long SAMPLER_BYTES_PER_LOGIT = 22;
    public static final long CUDA_CONTEXT_BYTES = 512L << 20;

    @Override
    public Engine engine() {
        return Engine.VLLM;
    }

    /** vLLM loads safetensors checkpoints: fp8, int8 and GPTQ/AWQ int4. */
    @Override
    public List<String> weightLadder() {
        return WeightDtypes.ladder(d -> d.kind() != WeightDtype.Kind.GGUF);
    }

    /** --dtype auto loads an fp32 checkpoint at 16 bits (ModelConfig _resolve_auto_dtype). */
    @Override
    public boolean loadsFp32As16Bit() {
        return true;
    }

    @Override
    public java.util.Optional<EngineCapacity> capacity(
            ModelSpec spec, Workload w, MemoryEstimate e, long deviceTotalBytes) {
        return java.util.Optional.of(VllmCapacity.of(spec, w, e, deviceTotalBytes));
    }

    /** vLLM gives the KV cache whatever gpu_memory_utilization × total leaves ({@link VllmCapacity}). */
    @Override
    public boolean sizesKvToBudget() {
        return true;
    }

    @Override
    public Set<String> optionKeys() {
        return VllmSettings.KEYS;
    }

    /**
     * vLLM's --kv-cache-dtype: auto (the model's dtype: f16, bf16, or f32 with --dtype float32) or
     * fp8 (fp8_e4m3, fp8_e5m2); it has no ggml block types.
     */
    @Override
    public List<String> kvDtypes() {
        return List.of("f16", "bf16", "f32", "fp8");
    }

    @Override
    public String kvDtypesNote() {
        return "vLLM's --kv-cache-dtype auto is the model's dtype; fp8, fp8_e4m3 and fp8_e5m2 are fp8";
    }

    static VllmSettings settings(EstimateInputs in) {
        return VllmSettings.of(in.workload(), in.context());
    }

    @Override
    public Term weights(EstimateInputs in) {
        Term w = WeightBytes.compute(in.spec(), in.parameters(), in.workload());
        long rope = ropeCache(in.spec());
        Notes notes = new Notes(w.notes());
        if (rope > 0) {
            notes.add("+ rotary cos/sin cache " + in.spec().maxContext() + " positions x " + rotaryDim(in.spec())
                    + " x 2 bytes = " + rope + " (vLLM keeps it with the weights; 'Model loading took' includes it)");
        }
        return new Term(Math.addExact(w.bytes(), rope), notes);
    }

    /**
     * Architectures without rotary embeddings, so vLLM builds no cos/sin cache for them: learned
     * positions (GPT-2, and gpt_bigcode/StarCoder which the config mapper files under gpt2) and ALiBi
     * (BLOOM, MPT). A list of exceptions rather than of RoPE models: an architecture gpufit does not
     * know is counted with the cache, the safe side for a fit. Falcon uses rotary embeddings (its
     * ALiBi variants are not told apart here).
     */
    private static final Set<String> NO_ROTARY = Set.of("gpt2", "gpt_bigcode", "starcoder", "bloom", "mpt");

    static long ropeCache(ModelSpec s) {
        if (s.maxContext() == null || NO_ROTARY.contains(s.architecture())) {
            return 0;
        }
        return Math.multiplyExact(Math.multiplyExact(s.maxContext(), rotaryDim(s)), 2L);
    }

    private static long rotaryDim(ModelSpec s) {
        return s.mla() != null ? s.mla().qkRopeHeadDim() : s.headDim();
    }

    @Override
    public KvCache.Result kvCache(EstimateInputs in) {
        VllmSettings st = settings(in);
        ModelSpec s = in.spec();
        int tp = in.workload().tensorParallel();
        long perRequest =
                VllmKv.perRequest(s, in.kvDtype(), tp, in.context(), st.maxNumBatchedTokens(), st.blockSize());
        long total = Math.multiplyExact(perRequest, (long) in.workload().batch());
        long perLayer = VllmKv.perTokenPerLayer(s, in.kvDtype(), tp);
        Notes notes = new Notes();
        notes.add("KV = " + perLayer + " bytes per token per layer ("
                + (s.mla() != null
                        ? "MLA latent, no x2"
                        : "2 x " + Math.max(1, s.kvHeads() / tp) + " KV heads x head_dim " + s.headDim())
                + " x " + in.kvDtype().name()
                + "), pages of " + st.blockSize() + " tokens");
        notes.add("KV cache = " + in.workload().batch() + " request(s) x " + perRequest
                + " bytes (one request of max_model_len "
                + in.context() + ", block-rounded"
                + (s.slidingWindow() != null
                        ? ", sliding layers capped at window - 1 + max_num_batched_tokens + one block"
                        : "")
                + "); vLLM itself fills the whole budget with KV blocks (see the capacity)");
        return new KvCache.Result(new Term(total, notes), Math.multiplyExact(perLayer, s.layers()));
    }

    @Override
    public Term activations(EstimateInputs in) {
        VllmSettings st = settings(in);
        ModelSpec s = in.spec();
        int tp = in.workload().tensorParallel();
        long t = st.maxNumBatchedTokens();
        long mlp = ceilDiv(Math.multiplyExact(2L, activeMlpWidth(s)), tp);
        long perToken = Math.multiplyExact(2L, Math.addExact(Math.multiplyExact(2L, s.hiddenSize()), mlp));
        long forward = Math.multiplyExact(t, perToken);
        long sampler = Math.multiplyExact(Math.multiplyExact(st.maxNumSeqs(), s.vocabSize()), SAMPLER_BYTES_PER_LOGIT);
        long total = Math.addExact(forward, sampler);
        return Term.of(
                total,
                "activation peak (vLLM's profile run) = " + t + " batched tokens x 2 bytes x (2 x hidden "
                        + s.hiddenSize()
                        + " + MLP gate/up " + mlp + ") = " + forward + " + sampler " + st.maxNumSeqs()
                        + " sequences x vocab "
                        + s.vocabSize() + " x " + SAMPLER_BYTES_PER_LOGIT + " bytes = " + sampler,
                "vLLM settings: gpu_memory_utilization " + st.gpuMemoryUtilization() + ", max_num_seqs "
                        + st.maxNumSeqs()
                        + ", max_num_batched_tokens " + t + ", block_size " + st.blockSize()
                        + (st.enforceEager() ? ", enforce_eager" : ", CUDA graphs on"));
    }

    /** gate + up width per token: dense I, or the active experts' (plus shared) for MoE. */
    static long activeMlpWidth(ModelSpec s) {
        MoeSpec moe = s.moe();
        if (moe == null) {
            return s.intermediateSize();
        }
        long shared = moe.sharedIntermediateSize() > 0
                ? moe.sharedIntermediateSize()
                : moe.expertIntermediateSize() * moe.sharedExperts();
        long routed =
                Math.addExact(Math.multiplyExact(moe.expertIntermediateSize(), (long) moe.activeExperts()), shared);
        boolean anyDense = moe.firstDenseLayers() > 0 || moe.layerFrequency() > 1;
        return anyDense ? Math.max(routed, s.intermediateSize()) : routed;
    }

    @Override
    public Term overhead(EstimateInputs in) {
        VllmSettings st = settings(in);
        long graphs = st.enforceEager()
                ? 0
                : Math.multiplyExact(CUDA_GRAPH_PER_LAYER, (long) in.spec().layers());
        long total = Math.addExact(Math.addExact(st.nonTorchBytes(), graphs), CUDA_CONTEXT_BYTES);
        return Term.of(
                total,
                "overhead = non-torch memory " + st.nonTorchBytes()
                        + " (engine option non-torch; inside vLLM's budget)"
                        + " + CUDA graphs " + graphs
                        + (st.enforceEager()
                                ? " (vLLM's --enforce-eager)"
                                : " (~26 MiB per layer, captured after the KV cache: outside the budget)")
                        + " + CUDA context " + CUDA_CONTEXT_BYTES + " (outside the budget)");
    }

    static long cudaGraphBytes(EstimateInputs in, VllmSettings st) {
        return st.enforceEager()
                ? 0
                : Math.multiplyExact(CUDA_GRAPH_PER_LAYER, (long) in.spec().layers());
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
