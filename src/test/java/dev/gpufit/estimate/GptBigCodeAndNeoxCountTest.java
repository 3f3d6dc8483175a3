package dev.gpufit.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gpufit.Fixtures;
import dev.gpufit.model.ModelCatalog;
import dev.gpufit.model.ModelSpec;
import org.junit.jupiter.api.Test;

/** The two architectures the ground-truth cases added: StarCoder (gpt_bigcode) and Pythia (gpt_neox). */
class GptBigCodeAndNeoxCountTest {
    @Test
    void starCoderIsGpt2LayoutWithOneKvHead() {
        ModelSpec s = ModelCatalog.builtin().byId("starcoder").orElseThrow().toSpec("starcoder");
        assertEquals(1, s.kvHeads());
        // wte 49152x6144 + wpe 8192x6144 + 40 x (c_attn 6144x6400+6400, c_proj 6144^2+6144, MLP
        // 2x6144x24576+24576+6144,
        // 2 LayerNorms 4x6144) + ln_f 2x6144; lm_head tied
        assertEquals(15_517_456_384L, ParameterCounter.count(s).total());
        assertEquals(
                s,
                Fixtures.spec(
                                "{\"model_type\": \"gpt_bigcode\", \"vocab_size\": 49152, \"n_embd\": 6144, \"n_layer\": 40,"
                                        + " \"n_head\": 48, \"n_positions\": 8192, \"n_inner\": 24576, \"torch_dtype\": \"float32\"}")
                        .toBuilder()
                        .id(s.id())
                        .source(s.source())
                        .hfRepoIds(s.hfRepoIds())
                        .notes(s.notes())
                        .build());
    }

    @Test
    void pythiaCountsItsPublishedParameters() {
        ModelSpec pythia = ModelSpec.builder()
                .id("pythia-2.8b")
                .source("test")
                .architecture("gpt_neox")
                .layers(32)
                .hiddenSize(2560)
                .attentionHeads(32)
                .kvHeads(32)
                .headDim(80)
                .vocabSize(50304)
                .intermediateSize(10240)
                .qkvBias(true)
                .outputBias(true)
                .mlpBias(true)
                .normVectorsPerLayer(4)
                .build();
        assertEquals(2_775_208_960L, ParameterCounter.count(pythia).total());
    }
}
