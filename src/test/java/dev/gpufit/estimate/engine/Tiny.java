package dev.gpufit.estimate.engine;

import dev.gpufit.estimate.Engine;
import dev.gpufit.estimate.EstimateInputs;
import dev.gpufit.estimate.KvDtype;
import dev.gpufit.estimate.Method;
import dev.gpufit.estimate.ParameterCounter;
import dev.gpufit.estimate.Platform;
import dev.gpufit.estimate.WeightPrecision;
import dev.gpufit.estimate.Workload;
import dev.gpufit.model.ModelSpec;
import java.util.Map;

/**
 * A model small enough to check every term by hand: hidden 256, 4 layers, 4 heads, 2 KV heads of
 * 64, MLP 512, vocabulary 1000, untied, 1024 positions.
 */
final class Tiny {
    static final ModelSpec LLAMA = ModelSpec.builder()
            .id("tiny")
            .source("test")
            .architecture("llama")
            .layers(4)
            .hiddenSize(256)
            .attentionHeads(4)
            .kvHeads(2)
            .headDim(64)
            .vocabSize(1000)
            .intermediateSize(512)
            .maxContext(1024L)
            .nativeDtype("bf16")
            .build();

    private Tiny() {}

    static Workload workload(String engine, int batch, long context, String dtype, Map<String, String> opts) {
        return new Workload(
                batch,
                context,
                (dtype == null ? null : WeightPrecision.of(dtype)),
                null,
                Engine.of(engine),
                Method.DETAILED,
                Platform.LINUX,
                1,
                opts);
    }

    static EstimateInputs inputs(ModelSpec s, Workload w) {
        return new EstimateInputs(s, w, w.context(), ParameterCounter.count(s), KvDtype.of("f16"), 2);
    }
}
