package dev.gpufit.model.gguf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gpufit.BadInputException;
import dev.gpufit.model.GenericEstimateGate;
import dev.gpufit.model.ModelSpec;
import dev.gpufit.model.files.GgufTestWriter;
import dev.gpufit.model.ggml.GgmlType;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A GGUF of an architecture gpufit does not map: recurrent tensors, recurrent metadata and
 * per-layer head counts are named and the model refused unless accepted; a plain one, or a mapped
 * architecture, is sized as before. Tensor and key names as llama.cpp writes them for LFM2
 * (gguf-py/gguf/constants.py: LFM2 shortconv tensors, {arch}.shortconv.l_cache).
 */
class GgufSizeBearingTest {
    @Test
    void anUnmappedHybridGgufNamesItsRecurrentPartsAndIsRefused() {
        GgufTestWriter w = model("lfm2", 4)
                .u32("lfm2.shortconv.l_cache", 3)
                .i32Array("lfm2.attention.head_count_kv", 0, 0, 2, 0)
                .tensor("blk.0.shortconv.conv.weight", GgmlType.F32, 3, 256)
                .tensor("blk.1.shortconv.conv.weight", GgmlType.F32, 3, 256);
        ModelSpec s = GgufFixtures.spec(w.toBytes());
        assertEquals(
                List.of(
                        "tensors blk.*.shortconv.*",
                        "lfm2.shortconv.l_cache",
                        "lfm2.attention.head_count_kv (per-layer array)"),
                s.unmodelledFields());
        BadInputException e = assertThrows(BadInputException.class, () -> GenericEstimateGate.check(s, false));
        assertTrue(e.getMessage().contains("shortconv"), e.getMessage());
        assertEquals(s, GenericEstimateGate.check(s, true));
    }

    @Test
    void ssmTensorsOfAnUnmappedArchitectureAreNamed() {
        ModelSpec s = GgufFixtures.spec(model("qwen3next", 2)
                .tensor("blk.0.ssm_conv1d.weight", GgmlType.F32, 4, 256)
                .tensor("blk.0.ssm_a", GgmlType.F32, 32)
                .toBytes());
        assertEquals(List.of("tensors blk.*.ssm_*"), s.unmodelledFields());
    }

    @Test
    void aPlainUnmappedArchitectureAndAMappedOneWithPerLayerArraysAreSized() {
        assertTrue(GgufFixtures.spec(model("my_arch", 2).toBytes())
                .unmodelledFields()
                .isEmpty());
        ModelSpec llama = GgufFixtures.spec(model("llama", 2)
                .i32Array("llama.feed_forward_length", 512, 256)
                .toBytes());
        assertTrue(llama.unmodelledFields().isEmpty(), llama.unmodelledFields().toString());
    }

    private static GgufTestWriter model(String arch, int layers) {
        String p = arch + ".";
        GgufTestWriter w = new GgufTestWriter()
                .string("general.architecture", arch)
                .u32(p + "block_count", layers)
                .u32(p + "context_length", 8192)
                .u32(p + "embedding_length", 256)
                .u32(p + "attention.head_count", 4)
                .u32(p + "attention.key_length", 64)
                .stringArray("tokenizer.ggml.tokens", 40)
                .tensor("token_embd.weight", GgmlType.F16, 256, 40);
        for (int l = 0; l < layers; l++) {
            w.tensor("blk." + l + ".attn_q.weight", GgmlType.Q8_0, 256, 256);
        }
        return w;
    }
}
