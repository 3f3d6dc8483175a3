package dev.gpufit.estimate.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gpufit.Fixtures;
import dev.gpufit.model.ModelSpec;
import dev.gpufit.model.ggml.GgmlType;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class GgufMixTest {
    @Test
    void useMoreBitsPicksSixteenOfThirtyTwoLayers() {
        // llama.cpp's Q4_K_M Llama-3-8B has 33 q6_K tensors: output + 16 attn_v + 16 ffn_down
        assertEquals(
                16, IntStream.range(0, 32).filter(i -> GgufMix.moreBits(i, 32)).count());
        assertEquals(
                14, IntStream.range(0, 28).filter(i -> GgufMix.moreBits(i, 28)).count());
    }

    @Test
    void q8_0IsThirtyFourBytesPerThirtyTwoWeightsAndNormsStayF32() {
        GgufLayout w = GgufLayout.model(Tiny.LLAMA, GgufMix.Q8_0).orElseThrow();
        // token_embd and output 256,000 values each -> 272,000 bytes; per layer: 2 norms 2,048 +
        // q,o 69,632 each + k,v 34,816 each + gate,up,down 139,264 each = 628,736; final norm 1,024
        assertEquals(272_000, w.tokenEmbd());
        assertEquals(272_000 + 1_024, w.output());
        assertEquals(628_736, w.layers()[0]);
        assertEquals(544_000 + 1_024 + 4 * 628_736, w.total());
        assertEquals("30 q8_0, 9 f32", w.typeCounts());
    }

    @Test
    void q4KMGivesOutputQ6KAndMoreBitsLayersQ6K() {
        GgufLayout w = GgufLayout.model(Tiny.LLAMA, GgufMix.Q4_K_M).orElseThrow();
        // q4_K 144 bytes / 256 values, q6_K 210 / 256; 4 layers: use_more_bits picks layers 2 and 3
        assertEquals(144_000, w.tokenEmbd());
        assertEquals(210_000 + 1_024, w.output());
        assertEquals(333_824, w.layers()[0]);
        assertEquals(333_824 + 8_448 + 33_792, w.layers()[3]);
        assertEquals(1_774_800, w.total());
    }

    @Test
    void rowsThatDoNotDivideFallBackAsLlamaCppDoes() {
        ModelSpec odd = Tiny.LLAMA.toBuilder().hiddenSize(320).headDim(80).build();
        GgufTensor embd = GgufTensors.of(odd).orElseThrow().get(0);
        assertEquals(GgmlType.Q5_0, GgufMix.Q4_K_M.typeOf(embd, 4, 2, 0, false, false));
        GgufTensor output = GgufTensors.of(odd).orElseThrow().get(2);
        assertEquals(GgmlType.Q8_0, GgufMix.Q4_K_M.typeOf(output, 4, 2, 0, false, false));
    }

    @Test
    void llama3EightBQ4KMMatchesTheLoggedBuffersToTheByte() {
        // engine-logs A01: CPU buffer 281.81 MiB (token_embd) + CUDA0 4403.49 MiB; 193 q4_K, 33 q6_K, 65 f32
        GgufLayout w = GgufLayout.model(Fixtures.spec(Fixtures.LLAMA_3_8B), GgufMix.Q4_K_M)
                .orElseThrow();
        assertEquals(295_501_824, w.tokenEmbd());
        assertEquals("281.81", LlamaCppBuffers.mib(w.tokenEmbd()));
        assertEquals("4403.49", LlamaCppBuffers.mib(w.total() - w.tokenEmbd()));
        assertTrue(
                w.typeCounts().contains("193 q4_K")
                        && w.typeCounts().contains("33 q6_K")
                        && w.typeCounts().contains("65 f32"),
                w.typeCounts());
    }

    @Test
    void unlistedArchitecturesAreLeftToBitsPerWeight() {
        ModelSpec mla = Fixtures.spec(Fixtures.DEEPSEEK_V3);
        assertTrue(GgufTensors.of(mla).isEmpty());
    }
}
