package dev.gpufit.model;

import java.util.List;
import java.util.Objects;

/**
 * Everything the memory arithmetic needs to know about one model, whatever it was read from
 * (catalog preset, HF config.json, safetensors headers, GGUF metadata, or manual numbers).
 * The estimator sees only this record. Sizes are counts (elements, tokens), never bytes,
 * except {@link #weights()} which carries exact bytes when files were read.
 *
 * <p>Optional facts are {@code null} when unknown, never a sentinel such as -1.
 * Build instances with {@link #builder()} so new components do not break callers.
 *
 * @param id               what the user named (catalog id, repo id, path), e.g. "llama-3.1-8b"
 * @param source           where the numbers came from: catalog, config.json, safetensors, gguf, manual
 * @param architecture     HF {@code model_type} (llama, qwen2, gemma2, deepseek_v3, gpt2, falcon ...)
 *                         or "generic" when only the standard fields were known
 * @param parameters       exact parameter count when the source states it (manual --params,
 *                         files); {@code null}: derive it from the architecture
 * @param layers           decoder layers ({@code num_hidden_layers})
 * @param hiddenSize       model width H
 * @param attentionHeads   query heads
 * @param kvHeads          key/value heads (GQA/MQA); equals attentionHeads for MHA
 * @param headDim          per-head dimension (may differ from hidden/heads, e.g. Gemma, Qwen3)
 * @param vocabSize        vocabulary size, e.g. 128256
 * @param intermediateSize dense MLP width
 * @param tiedEmbeddings   lm_head shares the token embedding
 * @param qkvBias          q/k/v projections have a bias (Qwen2, gpt-oss, GPT-2)
 * @param outputBias       o_proj has a bias
 * @param mlpBias          MLP projections have biases
 * @param qkNorm           per-head q_norm and k_norm (Qwen3, Gemma 3)
 * @param normVectorsPerLayer H-sized norm parameter vectors per decoder layer (RMSNorm weight = 1,
 *                         LayerNorm weight + bias = 2); {@code null}: the architecture's default
 *                         (2 for llama-style, 4 for Gemma 2/3, 4 for GPT-2). Falcon-7B has 2
 *                         (one LayerNorm shared by its parallel attention and MLP)
 * @param moe              mixture-of-experts shape, {@code null} for dense models
 * @param mla              multi-head latent attention ranks (DeepSeek V2/V3), {@code null} otherwise
 * @param slidingWindow    sliding-window size in tokens, {@code null} when no layer slides
 * @param slidingLayers    per layer: true when that layer uses the sliding window;
 *                         {@code null} means no layer slides
 * @param maxContext       the model's maximum context in tokens ({@code null} unknown)
 * @param nativeDtype      dtype the checkpoint is stored in: bf16, fp16, fp32, fp8 ...
 * @param quantization     quantization described by the checkpoint, {@code null} if none
 * @param weights          exact weight bytes read from files, {@code null} when not read
 * @param hfRepoIds        HF repo ids this model answers to (catalog aliases)
 * @param notes            how the numbers were obtained, for the report
 * @param unmodelledFields config fields that change memory but that gpufit does not model (see
 *                         {@link SizeBearingFields}); non-empty marks the spec as an approximate
 *                         generic estimate that a caller must accept explicitly
 */
public record ModelSpec(
        String id,
        String source,
        String architecture,
        Long parameters,
        int layers,
        long hiddenSize,
        int attentionHeads,
        int kvHeads,
        int headDim,
        long vocabSize,
        long intermediateSize,
        boolean tiedEmbeddings,
        boolean qkvBias,
        boolean outputBias,
        boolean mlpBias,
        boolean qkNorm,
        Integer normVectorsPerLayer,
        MoeSpec moe,
        MlaSpec mla,
        Integer slidingWindow,
        List<Boolean> slidingLayers,
        Long maxContext,
        String nativeDtype,
        QuantizationSpec quantization,
        WeightsInfo weights,
        List<String> hfRepoIds,
        List<String> notes,
        List<String> unmodelledFields) {

    public ModelSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(architecture, "architecture");
        slidingLayers = slidingLayers == null ? null : List.copyOf(slidingLayers);
        hfRepoIds = hfRepoIds == null ? List.of() : List.copyOf(hfRepoIds);
        notes = notes == null ? List.of() : List.copyOf(notes);
        unmodelledFields = unmodelledFields == null ? List.of() : List.copyOf(unmodelledFields);
    }

    /** True when fields that change memory were left out: the figures are a generic approximation. */
    public boolean approximate() {
        return !unmodelledFields.isEmpty();
    }

    /** True when the layer {@code i} attends over a sliding window rather than the full context. */
    public boolean isSlidingLayer(int i) {
        return slidingWindow != null && slidingLayers != null && i < slidingLayers.size() && slidingLayers.get(i);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Mutable builder; every setter returns this. */
    public static final class Builder {
        private String id;
        private String source;
        private String architecture = "generic";
        private Long parameters;
        private int layers;
        private long hiddenSize;
        private int attentionHeads;
        private int kvHeads;
        private int headDim;
        private long vocabSize;
        private long intermediateSize;
        private boolean tiedEmbeddings;
        private boolean qkvBias;
        private boolean outputBias;
        private boolean mlpBias;
        private boolean qkNorm;
        private Integer normVectorsPerLayer;
        private MoeSpec moe;
        private MlaSpec mla;
        private Integer slidingWindow;
        private List<Boolean> slidingLayers;
        private Long maxContext;
        private String nativeDtype;
        private QuantizationSpec quantization;
        private WeightsInfo weights;
        private List<String> hfRepoIds;
        private List<String> notes;
        private List<String> unmodelledFields;

        Builder() {}

        Builder(ModelSpec s) {
            id = s.id;
            source = s.source;
            architecture = s.architecture;
            parameters = s.parameters;
            layers = s.layers;
            hiddenSize = s.hiddenSize;
            attentionHeads = s.attentionHeads;
            kvHeads = s.kvHeads;
            headDim = s.headDim;
            vocabSize = s.vocabSize;
            intermediateSize = s.intermediateSize;
            tiedEmbeddings = s.tiedEmbeddings;
            qkvBias = s.qkvBias;
            outputBias = s.outputBias;
            mlpBias = s.mlpBias;
            qkNorm = s.qkNorm;
            normVectorsPerLayer = s.normVectorsPerLayer;
            moe = s.moe;
            mla = s.mla;
            slidingWindow = s.slidingWindow;
            slidingLayers = s.slidingLayers;
            maxContext = s.maxContext;
            nativeDtype = s.nativeDtype;
            quantization = s.quantization;
            weights = s.weights;
            hfRepoIds = s.hfRepoIds;
            notes = s.notes;
            unmodelledFields = s.unmodelledFields;
        }

        public Builder id(String v) {
            id = v;
            return this;
        }

        public Builder source(String v) {
            source = v;
            return this;
        }

        public Builder architecture(String v) {
            architecture = v;
            return this;
        }

        public Builder parameters(Long v) {
            parameters = v;
            return this;
        }

        public Builder layers(int v) {
            layers = v;
            return this;
        }

        public Builder hiddenSize(long v) {
            hiddenSize = v;
            return this;
        }

        public Builder attentionHeads(int v) {
            attentionHeads = v;
            return this;
        }

        public Builder kvHeads(int v) {
            kvHeads = v;
            return this;
        }

        public Builder headDim(int v) {
            headDim = v;
            return this;
        }

        public Builder vocabSize(long v) {
            vocabSize = v;
            return this;
        }

        public Builder intermediateSize(long v) {
            intermediateSize = v;
            return this;
        }

        public Builder tiedEmbeddings(boolean v) {
            tiedEmbeddings = v;
            return this;
        }

        public Builder qkvBias(boolean v) {
            qkvBias = v;
            return this;
        }

        public Builder outputBias(boolean v) {
            outputBias = v;
            return this;
        }

        public Builder mlpBias(boolean v) {
            mlpBias = v;
            return this;
        }

        public Builder qkNorm(boolean v) {
            qkNorm = v;
            return this;
        }

        public Builder normVectorsPerLayer(Integer v) {
            normVectorsPerLayer = v;
            return this;
        }

        public Builder moe(MoeSpec v) {
            moe = v;
            return this;
        }

        public Builder mla(MlaSpec v) {
            mla = v;
            return this;
        }

        public Builder slidingWindow(Integer v) {
            slidingWindow = v;
            return this;
        }

        public Builder slidingLayers(List<Boolean> v) {
            slidingLayers = v;
            return this;
        }

        public Builder maxContext(Long v) {
            maxContext = v;
            return this;
        }

        public Builder nativeDtype(String v) {
            nativeDtype = v;
            return this;
        }

        public Builder quantization(QuantizationSpec v) {
            quantization = v;
            return this;
        }

        public Builder weights(WeightsInfo v) {
            weights = v;
            return this;
        }

        public Builder hfRepoIds(List<String> v) {
            hfRepoIds = v;
            return this;
        }

        public Builder notes(List<String> v) {
            notes = v;
            return this;
        }

        public Builder unmodelledFields(List<String> v) {
            unmodelledFields = v;
            return this;
        }

        public ModelSpec build() {
            return new ModelSpec(
                    id,
                    source,
                    architecture,
                    parameters,
                    layers,
                    hiddenSize,
                    attentionHeads,
                    kvHeads,
                    headDim,
                    vocabSize,
                    intermediateSize,
                    tiedEmbeddings,
                    qkvBias,
                    outputBias,
                    mlpBias,
                    qkNorm,
                    normVectorsPerLayer,
                    moe,
                    mla,
                    slidingWindow,
                    slidingLayers,
                    maxContext,
                    nativeDtype,
                    quantization,
                    weights,
                    hfRepoIds,
                    notes,
                    unmodelledFields);
        }
    }
}
