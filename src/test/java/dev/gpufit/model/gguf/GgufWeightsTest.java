package dev.gpufit.model.gguf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gpufit.model.WeightsInfo;
import dev.gpufit.model.files.GgufTestWriter;
import dev.gpufit.model.ggml.GgmlType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Per-layer sums of the tensor table: which names are layers, which are routed experts. */
class GgufWeightsTest {
    @Test
    void layerIndexIsTheDigitsAfterBlkUpToTheLayerLimit() {
        assertEquals(0, GgufWeights.layerOf("blk.0.attn_q.weight"));
        assertEquals(511, GgufWeights.layerOf("blk.511.ffn_up_exps.weight"));
        assertEquals(-1, GgufWeights.layerOf("blk.512.attn_q.weight"), "past LLAMA_MAX_LAYERS");
        assertEquals(-1, GgufWeights.layerOf("blk.99999999999.attn_q.weight"));
        assertEquals(-1, GgufWeights.layerOf("blk.x.attn_q.weight"));
        assertEquals(-1, GgufWeights.layerOf("blk.3"));
        assertEquals(-1, GgufWeights.layerOf("v.blk.0.attn_q.weight"), "a projector's vision layers");
        assertEquals(-1, GgufWeights.layerOf("output.weight"));
    }

    @Test
    void routedExpertsAreTheStackedExpsTensors() {
        assertTrue(GgufWeights.isRoutedExpert("blk.1.ffn_up_exps.weight"));
        assertTrue(GgufWeights.isRoutedExpert("blk.1.ffn_gate_up_exps.bias"));
        assertFalse(GgufWeights.isRoutedExpert("blk.1.ffn_up_shexp.weight"), "shared expert stays on the GPU");
        assertFalse(GgufWeights.isRoutedExpert("blk.1.ffn_gate_inp.weight"), "the router");
    }

    @Test
    void tensorsPastTheLayerLimitCountInTheTotalOnly() {
        GgufTestWriter w = new GgufTestWriter()
                .tensor("blk.1.attn_q.weight", GgmlType.F16, 64, 64)
                .tensor("blk.100000.attn_q.weight", GgmlType.F16, 64, 64);
        WeightsInfo info = GgufWeights.of(List.of(GgufFixtures.parse(w.toBytes())));
        assertEquals(2L * 64 * 64 * 2, info.bytes());
        assertEquals(List.of(0L, 64L * 64 * 2), info.layerBytes());
        assertEquals(List.of(0L, 0L), info.layerExpertBytes());
    }
}
