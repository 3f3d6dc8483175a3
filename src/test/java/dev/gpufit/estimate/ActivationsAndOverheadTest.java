package dev.gpufit.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gpufit.BadInputException;
import dev.gpufit.Fixtures;
import dev.gpufit.model.ModelSpec;
import dev.gpufit.report.NoteText;
import dev.gpufit.report.Surface;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ActivationsAndOverheadTest {
    private static final ModelSpec LLAMA3 = Fixtures.spec(Fixtures.LLAMA_3_8B);

    private static Workload w(long context, Platform p, Map<String, String> opts) {
        return new Workload(1, context, null, null, Engine.GENERIC, Method.DETAILED, p, 1, opts);
    }

    @Test
    void oneLayerLiveAtATime() {
        MemoryEstimate e = MemoryEstimator.estimate(LLAMA3, w(8192, Platform.LINUX, Map.of()));
        // 8192 tokens x (2 x 4096 residual + max(attention 4096+1024+1024+4096, MLP 3 x 14336)) x 2 bytes
        long layer = 8192L * (8192 + 43008) * 2;
        long logits = 128256L * 4;
        assertEquals(layer + logits, e.activationsBytes());
    }

    @Test
    void withoutFlashAttentionTheScoreMatrixCounts() {
        long flash = MemoryEstimator.estimate(LLAMA3, w(4096, Platform.LINUX, Map.of()))
                .activationsBytes();
        long eager = MemoryEstimator.estimate(LLAMA3, w(4096, Platform.LINUX, Map.of("flash-attention", "false")))
                .activationsBytes();
        assertEquals(32L * 4096 * 4096 * 4, eager - flash);
    }

    @Test
    void allLogitsCountsEveryPromptPosition() {
        long last = MemoryEstimator.estimate(LLAMA3, w(1000, Platform.LINUX, Map.of()))
                .activationsBytes();
        long all = MemoryEstimator.estimate(LLAMA3, w(1000, Platform.LINUX, Map.of("logits", "all")))
                .activationsBytes();
        assertEquals(999L * 128256 * 4, all - last);
        assertThrows(
                BadInputException.class,
                () -> MemoryEstimator.estimate(LLAMA3, w(1000, Platform.LINUX, Map.of("logits", "some"))));
    }

    @Test
    void overheadPerPlatformIsStated() {
        MemoryEstimate linux = MemoryEstimator.estimate(LLAMA3, w(1000, Platform.LINUX, Map.of()));
        MemoryEstimate mac = MemoryEstimator.estimate(LLAMA3, w(1000, Platform.MAC, Map.of()));
        assertEquals(512L * 1024 * 1024, linux.overheadBytes());
        assertTrue(NoteText.render(linux.notes(), Surface.CLI).stream().anyMatch(n -> n.contains("CUDA context")));
        assertTrue(NoteText.render(mac.notes(), Surface.CLI).stream().anyMatch(n -> n.contains("Metal")));
    }

    @Test
    void everyTermHasANote() {
        MemoryEstimate e = MemoryEstimator.estimate(LLAMA3, w(1000, Platform.LINUX, Map.of()));
        String all = String.join("\n", NoteText.render(e.notes(), Surface.CLI));
        for (String term : new String[] {"parameters:", "weights =", "KV cache =", "activations:", "overhead ="}) {
            assertTrue(all.contains(term), term + " in " + all);
        }
    }

    @Test
    void seedMethodUsesTheArchitectureCountForCatalogModels() {
        Workload seed = new Workload(
                1, 512L, WeightPrecision.of("fp16"), null, Engine.GENERIC, Method.SEED, Platform.MAC, 1, Map.of());
        MemoryEstimate e = MemoryEstimator.estimate(LLAMA3, seed);
        assertEquals(8_030_261_248L * 2, e.weightsBytes());
        assertEquals(32L * 512 * 4096 * 2, e.activationsBytes());
    }

    @Test
    void unknownEngine() {
        BadInputException e = assertThrows(BadInputException.class, () -> Engine.of("vllm-ultra"));
        assertTrue(e.getMessage().contains("generic"));
    }
}
