package dev.gpufit.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gpufit.BadInputException;
import dev.gpufit.Fixtures;
import dev.gpufit.model.ModelSpec;
import java.util.Map;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.Test;

/** Every engine declares the option keys it reads; any other key is refused, not silently ignored. */
class EngineOptionKeysTest {
    private static final ModelSpec LLAMA = Fixtures.spec(Fixtures.LLAMA_3_8B);

    private static MemoryEstimate estimate(String engine, Map<String, String> opts) {
        return MemoryEstimator.estimate(
                LLAMA, new Workload(1, 4096L, null, null, Engine.of(engine), Method.DETAILED, Platform.LINUX, 1, opts));
    }

    @Test
    void genericReadsBothSpellingsOfItsKeys() {
        // flash_attention=false used to be ignored (exact-match read) while flash-attention=false added the scores
        long dash = estimate("generic", Map.of("flash-attention", "false")).totalBytes();
        assertEquals(
                dash, estimate("generic", Map.of("flash_attention", "false")).totalBytes());
        assertNotEquals(estimate("generic", Map.of()).totalBytes(), dash);
        assertEquals(
                estimate("generic", Map.of("logits", "all")).totalBytes(),
                estimate("generic", Map.of("LOGITS", "all")).totalBytes());
    }

    @Test
    void anUnknownKeyIsRefusedListingTheEnginesKeys() {
        BadInputException g =
                assertThrows(BadInputException.class, () -> estimate("generic", Map.of("flash_attn", "off")));
        assertEquals(
                "engine option 'flash_attn' is not a setting of --engine generic; it takes: flash-attention, logits",
                g.getMessage());
        BadInputException v =
                assertThrows(BadInputException.class, () -> estimate("vllm", Map.of("max_num_seq", "64")));
        assertTrue(
                v.getMessage().startsWith("engine option 'max_num_seq' is not a setting of --engine vllm; it takes: "),
                v.getMessage());
        assertTrue(v.getMessage().contains("max-num-seqs"), v.getMessage());
    }

    @Test
    void eachEngineAcceptsItsOwnKeysOnly() {
        // accepted and read: each key moves the term it sets, away from the engine's default
        assertChanges("llama.cpp", "ubatch", "256", MemoryEstimate::activationsBytes);
        assertChanges("llama.cpp", "cache_type_k", "q8_0", MemoryEstimate::kvCacheBytes);
        assertChanges("ollama", "gpu-overhead", "1GiB", MemoryEstimate::overheadBytes);
        assertChanges("ollama", "ubatch", "256", MemoryEstimate::activationsBytes);
        assertChanges("transformers", "attn_implementation", "eager", MemoryEstimate::activationsBytes);
        assertChanges("mlx", "prefill-step", "1024", MemoryEstimate::activationsBytes);
        estimate("llama.cpp", Map.of("ubatch", "256", "cache_type_k", "q8_0"));
        assertThrows(BadInputException.class, () -> estimate("llama.cpp", Map.of("gpu-overhead", "1GiB")));
        assertThrows(BadInputException.class, () -> estimate("vllm", Map.of("ubatch", "256")));
        assertThrows(BadInputException.class, () -> estimate("transformers", Map.of("flash-attention", "false")));
    }

    @Test
    void everyKeyAProfileTakesIsAnEngineOption() {
        // the keys live in one list: no profile accepts a key EngineOption does not name
        java.util.Set<String> all = java.util.Arrays.stream(EngineOption.values())
                .map(EngineOption::key)
                .collect(java.util.stream.Collectors.toSet());
        java.util.Set<String> taken = new java.util.HashSet<>();
        for (String engine : EngineProfiles.names()) {
            for (String key : EngineProfiles.of(Engine.of(engine)).optionKeys()) {
                assertTrue(all.contains(key), engine + " takes " + key);
                assertEquals(EngineOpts.canonical(key), key, key);
                taken.add(key);
            }
        }
        assertEquals(all, taken, "every EngineOption is read by some engine");
    }

    private static void assertChanges(String engine, String key, String value, ToLongFunction<MemoryEstimate> term) {
        MemoryEstimate base = estimate(engine, Map.of());
        MemoryEstimate set = estimate(engine, Map.of(key, value));
        assertNotEquals(term.applyAsLong(base), term.applyAsLong(set), engine + " " + key + "=" + value + " is read");
        assertNotEquals(base.totalBytes(), set.totalBytes(), engine + " " + key + "=" + value + " changes the total");
    }
}
