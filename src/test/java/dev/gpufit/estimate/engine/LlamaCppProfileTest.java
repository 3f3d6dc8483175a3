package dev.gpufit.estimate.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gpufit.BadInputException;
import dev.gpufit.estimate.Engine;
import dev.gpufit.estimate.EngineProfiles;
import dev.gpufit.estimate.MemoryEstimate;
import dev.gpufit.estimate.MemoryEstimator;
import dev.gpufit.estimate.Platform;
import dev.gpufit.estimate.Workload;
import dev.gpufit.model.ModelSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** llama.cpp and Ollama terms on {@link Tiny}, Q8_0 weights, f16 cache, ubatch 512. */
class LlamaCppProfileTest {
    static final LlamaCppProfile LLAMA = new LlamaCppProfile();

    static LlamaCppBuffers buffers(LlamaCppProfile p, ModelSpec s, int batch, long ctx, Map<String, String> opts) {
        return p.buffers(Tiny.inputs(s, Tiny.workload(p.name(), batch, ctx, "q8_0", opts)));
    }

    @Test
    void kvIsPaddedCellsTimesKPlusVRowsPerLayer() {
        // n_ctx 300 -> 512 cells; per cell per layer K 2x64 f16 = 256 + V 256 bytes; 4 layers
        LlamaCppBuffers b = buffers(LLAMA, Tiny.LLAMA, 1, 300, Map.of("flash-attn", "off"));
        assertEquals(512L * 512 * 4, b.kv());
        assertEquals(2048, b.kvBytesPerCell());
        // --parallel 2 doubles n_ctx: 600 -> 768 cells
        assertEquals(
                768L * 512 * 4,
                buffers(LLAMA, Tiny.LLAMA, 1, 300, Map.of("parallel", "2", "flash-attn", "off"))
                        .kv());
    }

    @Test
    void quantizedCacheUsesGgmlRowSize() {
        // q8_0: a 128-value row is 4 blocks of 34 bytes = 136 (K and V), flash attention needed for V
        LlamaCppBuffers b = buffers(
                LLAMA, Tiny.LLAMA, 1, 512, Map.of("cache-type-k", "q8_0", "cache-type-v", "q8_0", "flash-attn", "on"));
        assertEquals(512L * 272 * 4, b.kv());
        BadInputException e = assertThrows(
                BadInputException.class,
                () -> buffers(LLAMA, Tiny.LLAMA, 1, 512, Map.of("cache-type-v", "q4_0", "flash-attn", "off")));
        assertTrue(e.getMessage().contains("flash attention"), e.getMessage());
    }

    @Test
    void computeBufferIsTheLargerOfAttentionAndOutputPhases() {
        // no flash: 4 x 512 x (512 cells x (4 heads + 1) + temps 2x256 + 2x256) = 7,340,032
        LlamaCppBuffers off = buffers(LLAMA, Tiny.LLAMA, 1, 300, Map.of("flash-attn", "off"));
        assertEquals(7_340_032, off.computeDevice());
        // host: 4 x 512 x (256 + 512 + 5)
        assertEquals(1_583_104, off.computeHost());
        // flash: 4 x 512 x 1024 + 2 x 512 x 512 = 2,621,440 > output 4 x 512 x (256 + 1000) = 2,572,288
        assertEquals(
                2_621_440,
                buffers(LLAMA, Tiny.LLAMA, 1, 300, Map.of("flash-attn", "on")).computeDevice());
        // ubatch 64: output 4 x 64 x 1256 = 321,536 vs flash attention 4 x 64 x 1024 + 2 x 64 x 512 = 327,680
        assertEquals(
                327_680,
                buffers(LLAMA, Tiny.LLAMA, 1, 300, Map.of("flash-attn", "on", "ubatch", "64"))
                        .computeDevice());
    }

    @Test
    void tokenEmbeddingOutputAndHostComputeStayInHostRam() {
        Workload w = Tiny.workload("llama.cpp", 1, 300, "q8_0", Map.of("flash-attn", "off"));
        MemoryEstimate e = MemoryEstimator.estimate(Tiny.LLAMA, w);
        assertEquals(272_000 + 1_583_104 + 4_000, e.hostBytes());
        assertEquals(3_059_968, e.weightsBytes());
        assertEquals(7_340_032 + 1_583_104 + 4_000, e.activationsBytes());
        assertEquals(512L << 20, e.overheadBytes());
    }

    @Test
    void partialOffloadKeepsLayersAndTheirKvInHostRam() {
        LlamaCppBuffers b = buffers(LLAMA, Tiny.LLAMA, 1, 300, Map.of("flash-attn", "off", "gpu-layers", "2"));
        assertEquals(2 * 628_736, b.weightsDevice()); // layers 2 and 3; the output head stays on the host
        assertEquals(3_059_968 - 2 * 628_736, b.weightsHost());
        assertEquals(2L * 512 * 512, b.kvDevice());
        assertEquals(2L * 512 * 512, b.kvHost());
        // ngl 0 on a GPU build: only the copied output matmul: 4x512x256 + 273,024 ... (output weight + its f32 in/out)
        LlamaCppBuffers none = buffers(LLAMA, Tiny.LLAMA, 1, 300, Map.of("flash-attn", "off", "gpu-layers", "0"));
        assertEquals(4L * 512 * 256 + 272_000 + 1_024 + 4L * 512 * 1256, none.computeDevice());
    }

    @Test
    void cpuBackendPutsEverythingInHostRamWithNoGpuOverhead() {
        Workload w = Tiny.workload("llama.cpp", 1, 300, "q8_0", Map.of("flash-attn", "off", "backend", "cpu"));
        MemoryEstimate e = MemoryEstimator.estimate(Tiny.LLAMA, w);
        assertEquals(0, e.overheadBytes());
        assertEquals(e.totalBytes(), e.hostBytes());
        // CPU build: attention 4 x 512 x (512 x 5 + temps 1024 + 2 x 256 + 5) = 8,398,848 beats
        // output 4 x 512 x (1000 + 3 x 256 + 1) = 3,622,912 (LlamaCppCpuComputeTest: measured)
        assertEquals(8_398_848 + 4_000, e.activationsBytes());
    }

    @Test
    void slidingWindowLayersHoldTheWindowPlusUbatch() {
        List<Boolean> sliding = List.of(true, false, true, false);
        ModelSpec gemma = Tiny.LLAMA.toBuilder()
                .architecture("gemma2")
                .slidingWindow(128)
                .slidingLayers(sliding)
                .build();
        // full layers 4096 cells; sliding PAD(min(4096, 128 x 1 + 512), 256) = 768 cells
        LlamaCppBuffers b = buffers(LLAMA, gemma, 1, 4096, Map.of());
        assertEquals(2L * 4096 * 512 + 2L * 768 * 512, b.kv());
        // mistral is loaded as llama: no sliding-window cache
        ModelSpec mistral = Tiny.LLAMA.toBuilder()
                .architecture("mistral")
                .slidingWindow(128)
                .slidingLayers(new ArrayList<>(Collections.nCopies(4, true)))
                .build();
        assertEquals(4L * 4096 * 512, buffers(LLAMA, mistral, 1, 4096, Map.of()).kv());
    }

    @Test
    void ollamaDefaultsEmbeddingsAndItsMinimumReserve() {
        OllamaProfile ollama = (OllamaProfile) EngineProfiles.of(Engine.OLLAMA);
        LlamaCppBuffers b = buffers(ollama, Tiny.LLAMA, 1, 300, Map.of());
        assertEquals((1000 + 256) * 4, b.outputBuffer());
        assertEquals(512, b.settings().nBatch());
        Workload linux = Tiny.workload("ollama", 1, 300, "q8_0", Map.of());
        assertEquals(457L << 20, MemoryEstimator.estimate(Tiny.LLAMA, linux).overheadBytes());
        assertEquals(
                512L << 20,
                MemoryEstimator.estimate(Tiny.LLAMA, linux.withPlatform(Platform.MAC))
                        .overheadBytes());
        assertEquals(
                (457L << 20) + (1L << 30),
                MemoryEstimator.estimate(
                                Tiny.LLAMA, Tiny.workload("ollama", 1, 300, "q8_0", Map.of("gpu-overhead", "1GiB")))
                        .overheadBytes());
    }

    @Test
    void projectorWeightsGoToTheGpu() {
        LlamaCppBuffers b = buffers(LLAMA, Tiny.LLAMA, 1, 300, Map.of("mmproj-bytes", "1000000"));
        assertEquals(3_059_968 - 272_000 + 1_000_000, b.weightsDevice());
        assertEquals(3_059_968 + 1_000_000, b.weights());
    }
}
