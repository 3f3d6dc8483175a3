package dev.gpufit.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gpufit.Bytes;
import dev.gpufit.Fixtures;
import dev.gpufit.device.Device;
import dev.gpufit.estimate.Engine;
import dev.gpufit.estimate.MemoryEstimator;
import dev.gpufit.estimate.Method;
import dev.gpufit.estimate.Platform;
import dev.gpufit.estimate.Workload;
import dev.gpufit.model.ModelSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With --engine vllm the device must hold vLLM's budget, and the budget must hold one max_model_len request. */
class VllmFitTest {
    static final ModelSpec LLAMA = Fixtures.spec(Fixtures.LLAMA_3_8B);
    final FitJudge judge = new FitJudge(EstimateFunction.standard());

    static Workload vllm(long context, String util) {
        return new Workload(
                1,
                context,
                null,
                null,
                Engine.VLLM,
                Method.DETAILED,
                Platform.LINUX,
                1,
                Map.of("gpu-memory-utilization", util));
    }

    @Test
    void neededIsTheBudgetPlusGraphsAndContext() {
        Device gpu = FitJudgeTest.gpu(0, 80 * Bytes.GIB, 80 * Bytes.GIB);
        FitResult r = judge.judge(LLAMA, vllm(8192, "0.9"), List.of(gpu), Budget.FREE);
        DeviceFit f = r.devices().get(0);
        assertNotNull(f.capacity());
        assertEquals(Verdict.FITS, f.verdict());
        long budget = (long) Math.floor(0.9 * 80 * Bytes.GIB);
        assertEquals(budget + 32 * (26L << 20) + (512L << 20), f.neededBytes());
        assertTrue(f.capacity().kvCacheTokens() > 400_000, f.reason());
        assertTrue(f.reason().contains("GPU KV cache size"), f.reason());
    }

    @Test
    void freeMemoryBelowTheBudgetDoesNotStart() {
        Device busy = FitJudgeTest.gpu(0, 80 * Bytes.GIB, 60 * Bytes.GIB);
        DeviceFit f = judge.judge(LLAMA, vllm(8192, "0.9"), List.of(busy), Budget.FREE)
                .devices()
                .get(0);
        assertEquals(Verdict.DOES_NOT_FIT, f.verdict());
        assertTrue(f.reason().startsWith("vLLM would refuse to start"), f.reason());
        // the same device judged for planning (whole device) fits
        assertEquals(
                Verdict.FITS,
                judge.judge(LLAMA, vllm(8192, "0.9"), List.of(busy), Budget.TOTAL)
                        .verdict());
    }

    @Test
    void aContextTheCacheCannotHoldDoesNotFitEvenWithRoomToStart() {
        Device gpu = FitJudgeTest.gpu(0, 24 * Bytes.GIB, 24 * Bytes.GIB);
        DeviceFit f = judge.judge(LLAMA, vllm(131072, "0.9"), List.of(gpu), Budget.FREE)
                .devices()
                .get(0);
        assertEquals(Verdict.DOES_NOT_FIT, f.verdict());
        assertTrue(f.reason().contains("max_model_len 131072"), f.reason());
    }

    @Test
    void otherEnginesKeepTheModelsNeed() {
        Device gpu = FitJudgeTest.gpu(0, 80 * Bytes.GIB, 80 * Bytes.GIB);
        Workload generic =
                new Workload(1, 8192L, null, null, Engine.GENERIC, Method.DETAILED, Platform.LINUX, 1, Map.of());
        FitResult r = judge.judge(LLAMA, generic, List.of(gpu), Budget.FREE);
        DeviceFit f = r.devices().get(0);
        assertNull(f.capacity());
        assertEquals(r.estimate().deviceBytes(), f.neededBytes());
        assertEquals(MemoryEstimator.estimate(LLAMA, generic).deviceBytes(), f.neededBytes());
        // llama.cpp keeps token_embd and the output buffer in host RAM: needed is the device share only
        Workload llama =
                new Workload(1, 8192L, null, null, Engine.LLAMA_CPP, Method.DETAILED, Platform.LINUX, 1, Map.of());
        FitResult l = judge.judge(LLAMA, llama, List.of(gpu), Budget.FREE);
        assertNull(l.devices().get(0).capacity());
        assertTrue(l.estimate().hostBytes() > 0);
        assertEquals(l.estimate().deviceBytes(), l.devices().get(0).neededBytes());
        assertEquals(
                MemoryEstimator.estimate(LLAMA, llama).deviceBytes(),
                l.devices().get(0).neededBytes());
    }
}
