package dev.gpufit.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gpufit.Fixtures;
import dev.gpufit.model.ModelSpec;
import dev.gpufit.report.NoteText;
import dev.gpufit.report.Surface;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KvCacheTest {
    private static Workload workload(long context, String kvDtype, int tp) {
        return new Workload(
                1,
                context,
                null,
                (kvDtype == null ? null : KvPrecision.of(kvDtype)),
                Engine.GENERIC,
                Method.DETAILED,
                Platform.LINUX,
                tp,
                Map.of());
    }

    private static MemoryEstimate estimate(String json, long context, String kvDtype, int tp) {
        return MemoryEstimator.estimate(Fixtures.spec(json), workload(context, kvDtype, tp));
    }

    @ParameterizedTest(name = "{0}: {2} bytes per token")
    @CsvSource({
        "LLAMA_2_7B, 4096, 524288",
        "LLAMA_3_8B, 8192, 131072",
        "MISTRAL_7B_V01, 4096, 131072",
        "QWEN3_8B, 4096, 147456",
        "DEEPSEEK_V3, 4096, 70272",
        "GPT_OSS_20B, 4096, 49152",
    })
    void bytesPerTokenAt16Bits(String fixture, long context, long expected) throws Exception {
        String json = (String) Fixtures.class.getField(fixture).get(null);
        MemoryEstimate e = estimate(json, context, "f16", 1);
        assertEquals(expected, e.kvBytesPerToken());
    }

    @Test
    void llama2KvAtContextIsPerTokenTimesContext() {
        MemoryEstimate e = estimate(Fixtures.LLAMA_2_7B, 4096, "f16", 1);
        assertEquals(524_288L * 4096, e.kvCacheBytes());
    }

    @Test
    void deepSeekMlaHasNoFactorTwo() {
        MemoryEstimate e = estimate(Fixtures.DEEPSEEK_V3, 1000, "bf16", 1);
        assertEquals(61L * 576 * 2 * 1000, e.kvCacheBytes());
    }

    @Test
    void gemma2SlidingLayersCapAt4096Tokens() {
        ModelSpec spec = Fixtures.spec(Fixtures.GEMMA_2_9B);
        assertEquals(21, spec.slidingLayers().stream().filter(b -> b).count());
        MemoryEstimate e = MemoryEstimator.estimate(spec, workload(8192, "bf16", 1));
        // 21 global layers x 8192 B/token x 8192 tokens + 21 sliding layers x 8192 B/token x 4096 tokens
        assertEquals(21L * 8192 * 8192 + 21L * 8192 * 4096, e.kvCacheBytes());
        assertEquals(344_064, e.kvBytesPerToken());
        // below the window every layer holds the whole context
        MemoryEstimate shortCtx = MemoryEstimator.estimate(spec, workload(2048, "bf16", 1));
        assertEquals(344_064L * 2048, shortCtx.kvCacheBytes());
    }

    @Test
    void mistralV01SlidesEveryLayer() {
        MemoryEstimate e = estimate(Fixtures.MISTRAL_7B_V01, 32768, "f16", 1);
        assertEquals(131_072L * 4096, e.kvCacheBytes());
    }

    @Test
    void qwen25SlidingWindowIgnoredWhenNotEnabled() {
        ModelSpec spec = Fixtures.spec(Fixtures.QWEN25_05B);
        assertEquals(null, spec.slidingWindow());
    }

    @Test
    void kvHeadsReplicateWhenTensorParallelExceedsThem() {
        // Llama-3-8B has 8 KV heads: at tp 16 each device keeps 1 head (not 0.5)
        MemoryEstimate tp16 = estimate(Fixtures.LLAMA_3_8B, 8192, "f16", 16);
        assertEquals(32L * 2 * 1 * 128 * 2, tp16.kvBytesPerToken());
        MemoryEstimate tp8 = estimate(Fixtures.LLAMA_3_8B, 8192, "f16", 8);
        assertEquals(tp8.kvBytesPerToken(), tp16.kvBytesPerToken());
        MemoryEstimate tp2 = estimate(Fixtures.LLAMA_3_8B, 8192, "f16", 2);
        assertEquals(131_072 / 2, tp2.kvBytesPerToken());
        assertTrue(
                NoteText.render(tp16.notes(), Surface.CLI).stream().anyMatch(n -> n.contains("replicated")),
                tp16.notes().toString());
    }

    @Test
    void quantizedKvUsesGgmlBlockSizes() {
        // 65,536 KV values per token (32 layers x 2 x 8 heads x 128): q8_0 34 bytes per 32, q4_0 18 per 32
        assertEquals(
                65_536L * 34 / 32, estimate(Fixtures.LLAMA_3_8B, 100, "q8_0", 1).kvBytesPerToken());
        assertEquals(
                65_536L * 18 / 32, estimate(Fixtures.LLAMA_3_8B, 100, "q4_0", 1).kvBytesPerToken());
        assertEquals(131_072L / 2, estimate(Fixtures.LLAMA_3_8B, 100, "fp8", 1).kvBytesPerToken());
    }

    @Test
    void batchMultipliesKv() {
        Workload w = new Workload(
                4, 1000L, null, KvPrecision.of("f16"), Engine.GENERIC, Method.DETAILED, Platform.LINUX, 1, Map.of());
        assertEquals(
                4L * 131_072 * 1000,
                MemoryEstimator.estimate(Fixtures.spec(Fixtures.LLAMA_3_8B), w).kvCacheBytes());
    }

    @Test
    void anFp32ModelKeepsItsKvInFp32UnderTransformers() {
        // GPT-2 has no torch_dtype: fp32. transformers stores K and V in the model's dtype: 12 layers x 2 x 768 x 4
        // bytes
        ModelSpec gpt2 = Fixtures.spec(Fixtures.GPT2);
        for (String engine : new String[] {"transformers", "generic"}) {
            Workload w =
                    new Workload(1, 1000L, null, null, Engine.of(engine), Method.DETAILED, Platform.LINUX, 1, Map.of());
            assertEquals("f32", MemoryEstimator.estimate(gpt2, w).kvDtype(), engine);
            assertEquals(12L * 2 * 768 * 4, MemoryEstimator.estimate(gpt2, w).kvBytesPerToken(), engine);
        }
        // llama.cpp's -ctk/-ctv default is f16 whatever the weights; a 16-bit --dtype makes the model compute in 16
        // bits
        Workload ggml =
                new Workload(1, 1000L, null, null, Engine.LLAMA_CPP, Method.DETAILED, Platform.LINUX, 1, Map.of());
        assertEquals("f16", MemoryEstimator.estimate(gpt2, ggml).kvDtype());
        Workload half = new Workload(
                1,
                1000L,
                WeightPrecision.of("fp16"),
                null,
                Engine.TRANSFORMERS,
                Method.DETAILED,
                Platform.LINUX,
                1,
                Map.of());
        assertEquals("f16", MemoryEstimator.estimate(gpt2, half).kvDtype());
    }
}
