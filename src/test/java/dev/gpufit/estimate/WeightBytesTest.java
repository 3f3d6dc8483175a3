package dev.gpufit.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gpufit.BadInputException;
import dev.gpufit.Fixtures;
import dev.gpufit.model.ModelSpec;
import dev.gpufit.model.WeightsInfo;
import dev.gpufit.report.NoteText;
import dev.gpufit.report.Surface;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WeightBytesTest {
    private static Workload dtype(String d) {
        return new Workload(
                1,
                1024L,
                (d == null ? null : WeightPrecision.of(d)),
                null,
                Engine.GENERIC,
                Method.DETAILED,
                Platform.LINUX,
                1,
                Map.of());
    }

    private static long weights(String json, String d) {
        return MemoryEstimator.estimate(Fixtures.spec(json), dtype(d)).weightsBytes();
    }

    @Test
    void floatDtypes() {
        assertEquals(8_030_261_248L * 2, weights(Fixtures.LLAMA_3_8B, null)); // stored bf16
        assertEquals(8_030_261_248L * 2, weights(Fixtures.LLAMA_3_8B, "fp16"));
        assertEquals(8_030_261_248L * 4, weights(Fixtures.LLAMA_3_8B, "fp32"));
        assertEquals(124_439_808L * 4, weights(Fixtures.GPT2, null)); // no torch_dtype: fp32
    }

    @Test
    void int4HasGroupScalesOnLinearLayersOnly() {
        // Llama-3-8B: 8,030,261,248 parameters, of which embeddings, lm_head and norms
        // (2 x 525,336,576 + 266,240 = 1,050,939,392) stay 16-bit and the other 6,979,321,856
        // linear weights take 4 bits + a 16-bit scale and zero per group of 128 (133/256 byte):
        // ceil(6,979,321,856 x 133 / 256) = 3,625,975,808, + 2 x 1,050,939,392 = 5,727,854,592
        assertEquals(5_727_854_592L, weights(Fixtures.LLAMA_3_8B, "int4"));
        ParameterCount p = ParameterCounter.count(Fixtures.spec(Fixtures.LLAMA_3_8B));
        assertEquals(6_979_321_856L, p.linear());
        assertEquals(2L * 525_336_576 + 266_240, p.unquantized());
    }

    @Test
    void ggufMixIsApproximateBitsPerWeight() {
        long b = weights(Fixtures.LLAMA_3_8B, "q4_k_m");
        assertEquals(-Math.floorDiv(-8_030_261_248L * 490, 800), b);
        MemoryEstimate e = MemoryEstimator.estimate(Fixtures.spec(Fixtures.LLAMA_3_8B), dtype("Q4_K_M"));
        assertTrue(NoteText.render(e.notes(), Surface.CLI).stream()
                .anyMatch(n -> n.contains("approximate: the real mix varies per tensor")));
    }

    @Test
    void gptOssExpertsAreMxfp4() {
        // experts 24 layers x 32 x 3 x 2880 x 2880 at 17/32 byte, everything else bf16
        long experts = 24L * 32 * 3 * 2880 * 2880;
        long expertBiases = 24L * 32 * (2 * 2880 + 2880);
        long packed = experts + expertBiases;
        long expected = packed * 17 / 32 + (20_914_757_184L - packed) * 2;
        assertEquals(expected, weights(Fixtures.GPT_OSS_20B, null));
    }

    @Test
    void deepSeekFp8WithBlockScales() {
        long b = weights(Fixtures.DEEPSEEK_V3, null);
        // ~1 byte per parameter: between 671e9 and 680e9 bytes (embeddings/lm_head bf16 + scales)
        assertTrue(b > 671_026_419_200L && b < 680_000_000_000L, Long.toString(b));
    }

    @Test
    void exactBytesFromFilesWinUnlessDtypeOverrides() {
        ModelSpec spec = Fixtures.spec(Fixtures.LLAMA_3_8B).toBuilder()
                .weights(new WeightsInfo(
                        16_060_522_496L, null, Map.of("BF16", 16_060_522_496L), null, List.of("a"), "safetensors"))
                .build();
        MemoryEstimate e = MemoryEstimator.estimate(spec, dtype(null));
        assertEquals(16_060_522_496L, e.weightsBytes());
        assertTrue(NoteText.render(e.notes(), Surface.CLI).stream().anyMatch(n -> n.contains("exact from files")));
        assertEquals(
                8_030_261_248L,
                MemoryEstimator.estimate(spec, dtype("int8")).weightsBytes() - 1_050_673_152L - 266_240L);
    }

    @Test
    void tensorParallelSplitsWeightsRoundingUp() {
        // Qwen2.5-0.5B: 14 heads, 2 KV heads, so tp 14 is a valid split (tp 3 on Llama's 8 KV heads is not)
        Workload w = new Workload(1, 1024L, null, null, Engine.GENERIC, Method.DETAILED, Platform.LINUX, 14, Map.of());
        ModelSpec qwen = Fixtures.spec(Fixtures.QWEN25_05B);
        long all = MemoryEstimator.estimate(qwen, w.withTensorParallel(1)).weightsBytes();
        assertTrue(all % 14 != 0, "the split must not be exact for this test to show the rounding");
        assertEquals(-Math.floorDiv(-all, 14), MemoryEstimator.estimate(qwen, w).weightsBytes());
    }

    @Test
    void unknownDtypeListsValidNames() {
        BadInputException e = assertThrows(BadInputException.class, () -> WeightDtypes.of("int3"));
        assertTrue(e.getMessage().contains("q4_k_m") && e.getMessage().contains("fp16"), e.getMessage());
    }

    @Test
    void dtypeTableIsOrderedLargestFirstForPlan() {
        List<WeightDtype> all = WeightDtypes.all();
        assertEquals("fp32", all.get(0).name());
        for (int i = 1; i < all.size(); i++) {
            assertTrue(
                    all.get(i - 1).bitsPerWeight() >= all.get(i).bitsPerWeight(),
                    all.get(i).name());
        }
    }
}
