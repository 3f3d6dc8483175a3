package dev.gpufit.estimate.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gpufit.estimate.Engine;
import dev.gpufit.estimate.EngineCapacity;
import dev.gpufit.estimate.EngineProfile;
import dev.gpufit.estimate.EngineProfiles;
import dev.gpufit.estimate.MemoryEstimate;
import dev.gpufit.estimate.MemoryEstimator;
import dev.gpufit.estimate.Workload;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Engine-specific capacity comes from the profile hook: vLLM has one, the engines that allocate what they need none. */
class EngineCapacityTest {
    @Test
    void onlyBudgetSizedEnginesReportACapacity() {
        for (String name : EngineProfiles.names()) {
            EngineProfile p = EngineProfiles.of(Engine.of(name));
            Workload w = Tiny.workload(name, 1, 2048, null, Map.of());
            MemoryEstimate e = MemoryEstimator.estimate(Tiny.LLAMA, w);
            Optional<EngineCapacity> c = p.capacity(Tiny.LLAMA, w, e, 1L << 30);
            assertEquals(p.sizesKvToBudget(), c.isPresent(), name);
        }
    }

    @Test
    void vllmsCapacityIsItsBudgetAndKvBlocks() {
        Workload w = Tiny.workload("vllm", 1, 2048, null, Map.of("gpu-memory-utilization", "0.5"));
        MemoryEstimate e = MemoryEstimator.estimate(Tiny.LLAMA, w);
        EngineCapacity c = EngineProfiles.of(Engine.VLLM)
                .capacity(Tiny.LLAMA, w, e, 1L << 30)
                .orElseThrow();
        assertEquals(1L << 29, c.budgetBytes());
        assertEquals(c, VllmCapacity.of(Tiny.LLAMA, w, e, 1L << 30));
        assertTrue(c.startsWith(1L << 29));
        assertTrue(!c.startsWith((1L << 29) - 1));
    }
}
