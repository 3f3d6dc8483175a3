package dev.gpufit.estimate;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gpufit.BadInputException;
import dev.gpufit.Fixtures;
import dev.gpufit.model.ModelSpec;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Tensor parallel degrees that leave no whole number of heads per device are refused, with the ones that work. */
class TensorParallelRuleTest {
    private static Workload workload(String engine, Method method, int tp) {
        return new Workload(1, 1000L, null, null, Engine.of(engine), method, Platform.LINUX, tp, Map.of());
    }

    @ParameterizedTest
    @ValueSource(strings = {"generic", "vllm", "transformers"})
    void tpThatDoesNotDivideTheKvHeadsIsRefused(String engine) {
        // Llama-3-8B: 32 query heads, 8 KV heads. tp 3 used to floor 8 / 3 to 2 KV heads per device.
        ModelSpec llama = Fixtures.spec(Fixtures.LLAMA_3_8B);
        BadInputException e = assertThrows(
                BadInputException.class, () -> MemoryEstimator.estimate(llama, workload(engine, Method.DETAILED, 3)));
        assertTrue(e.getMessage().startsWith("--tp 3 cannot split"), e.getMessage());
        assertTrue(e.getMessage().endsWith("--tp works with 1, 2, 4, 8, 16, 32"), e.getMessage());
        assertTrue(e.getMessage().contains("8 KV heads"), e.getMessage());
    }

    @Test
    void tpBeyondTheQueryHeadsIsRefused() {
        ModelSpec llama = Fixtures.spec(Fixtures.LLAMA_3_8B);
        BadInputException e = assertThrows(
                BadInputException.class,
                () -> MemoryEstimator.estimate(llama, workload("generic", Method.DETAILED, 64)));
        assertTrue(e.getMessage().contains("divide the 32 attention heads"), e.getMessage());
    }

    @Test
    void multiplesOfTheKvHeadsReplicateAndAreAccepted() {
        ModelSpec llama = Fixtures.spec(Fixtures.LLAMA_3_8B);
        MemoryEstimate tp16 = MemoryEstimator.estimate(llama, workload("vllm", Method.DETAILED, 16));
        assertEquals(16, tp16.tensorParallel());
        assertEquals(32L * 2 * 1 * 128 * 2, tp16.kvBytesPerToken()); // one replicated KV head per device
    }

    @Test
    void mlaChecksOnlyTheQueryHeads() {
        // DeepSeek V3: 128 heads, the KV latent is replicated, so kv_heads plays no part
        ModelSpec ds = Fixtures.spec(Fixtures.DEEPSEEK_V3);
        assertEquals(
                32,
                MemoryEstimator.estimate(ds, workload("generic", Method.DETAILED, 32))
                        .tensorParallel());
        BadInputException e = assertThrows(
                BadInputException.class, () -> MemoryEstimator.estimate(ds, workload("generic", Method.DETAILED, 3)));
        assertTrue(e.getMessage().contains("tp must divide the 128 attention heads;"), e.getMessage());
    }

    @Test
    void theSeedMethodHasNoHeadsAndSkipsTheRule() {
        ModelSpec llama = Fixtures.spec(Fixtures.LLAMA_3_8B);
        MemoryEstimate seed =
                assertDoesNotThrow(() -> MemoryEstimator.estimate(llama, workload("generic", Method.SEED, 3)));
        assertEquals(1, seed.tensorParallel(), "the seed formula does not split");
    }
}
