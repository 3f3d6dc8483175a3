package dev.gpufit.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gpufit.BadInputException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EngineSettingsTest {

    private static EngineSettings of(String... keyValues) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        return EngineSettings.of(m);
    }

    @Test
    void parsesEachKindOnceIntoItsType() {
        EngineSettings s = of(
                "max_num_seqs", " 8_192 ",
                "gpu-memory-utilization", "0.85",
                "Enforce_Eager", "on",
                "backend", "CPU",
                "non-torch", "1.5GiB");
        assertEquals(8192, s.integer(EngineOption.MAX_NUM_SEQS, 256));
        assertEquals(0.85, s.number(EngineOption.GPU_MEMORY_UTILIZATION, 0.9));
        assertTrue(s.bool(EngineOption.ENFORCE_EAGER, false));
        assertEquals("cpu", s.word(EngineOption.BACKEND));
        assertEquals("CPU", s.text(EngineOption.BACKEND));
        assertEquals(3L << 29, s.bytes(EngineOption.NON_TORCH, 0));
    }

    @Test
    void unsetOptionsGiveTheReadersDefault() {
        EngineSettings s = EngineSettings.NONE;
        assertEquals(512, s.integer(EngineOption.UBATCH, 512));
        assertEquals(0.9, s.number(EngineOption.GPU_MEMORY_UTILIZATION, 0.9));
        assertFalse(s.bool(EngineOption.SWA_FULL, false));
        assertEquals(7, s.bytes(EngineOption.GPU_OVERHEAD, 7));
        assertNull(s.word(EngineOption.LOGITS));
        assertFalse(s.has(EngineOption.LOGITS));
    }

    @Test
    void aBareBooleanKeyIsOn() {
        assertTrue(of("cpu-moe", "").bool(EngineOption.CPU_MOE, false));
        assertFalse(of("cpu-moe", "off").bool(EngineOption.CPU_MOE, true));
    }

    @Test
    void aBadValueIsRefusedWhenReadWithTheReadersMessage() {
        EngineSettings s =
                of("ubatch", "lots", "gpu-memory-utilization", "most", "swa_full", "maybe", "non-torch", "-1");
        assertEquals(
                "engine option ubatch must be a whole number, got 'lots'",
                assertThrows(BadInputException.class, () -> s.integer(EngineOption.UBATCH, 512))
                        .getMessage());
        assertEquals(
                "engine option gpu-memory-utilization must be a number, got 'most'",
                assertThrows(BadInputException.class, () -> s.number(EngineOption.GPU_MEMORY_UTILIZATION, 0.9))
                        .getMessage());
        assertEquals(
                "engine option swa-full must be on or off, got 'maybe'",
                assertThrows(BadInputException.class, () -> s.bool(EngineOption.SWA_FULL, false))
                        .getMessage());
        assertEquals(
                "non-torch must not be negative, got '-1'",
                assertThrows(BadInputException.class, () -> s.bytes(EngineOption.NON_TORCH, 0))
                        .getMessage());
        // the text of a bad value stays readable: an engine that reads it as a word names its own limits
        assertEquals("lots", s.text(EngineOption.UBATCH));
    }

    @Test
    void aFractionalWholeNumberIsRefused() {
        EngineSettings s = of("n_batch", "2.5");
        assertThrows(BadInputException.class, () -> s.integer(EngineOption.N_BATCH, 2048));
    }

    @Test
    void echoesTheUsersSpellingInOrderAndReplacesAnySpellingOfAKey() {
        EngineSettings s = of("max_num_seqs", "64", "Block_Size", " 32", "no-such-key", "x");
        assertEquals(
                List.of("max_num_seqs", "Block_Size", "no-such-key"),
                List.copyOf(s.given().keySet()));
        assertEquals(" 32", s.given().get("Block_Size"));
        assertEquals(32, s.integer(EngineOption.BLOCK_SIZE, 16));

        EngineSettings t = s.with(EngineOption.MAX_NUM_SEQS, "128");
        assertEquals(
                List.of("Block_Size", "no-such-key", "max-num-seqs"),
                List.copyOf(t.given().keySet()));
        assertEquals(128, t.integer(EngineOption.MAX_NUM_SEQS, 256));
        assertEquals(64, s.integer(EngineOption.MAX_NUM_SEQS, 256), "the original is unchanged");
        assertEquals(3, t.size());
    }

    @Test
    void workloadSetsAnOptionThroughTheSameParser() {
        Workload w = Workload.defaults().withEngineOption(EngineOption.GPU_LAYERS, "20");
        assertEquals(20, w.engineOptions().integer(EngineOption.GPU_LAYERS, -1));
        assertEquals(Map.of("gpu-layers", "20"), w.engineOptions().given());
        assertEquals(w, Workload.defaults().withEngineOption("gpu_layers", "20").withEngineOption("gpu-layers", "20"));
    }

    @Test
    void readingAnOptionAsAnotherKindIsAProgrammingError() {
        assertThrows(IllegalArgumentException.class, () -> of("ubatch", "1").word(EngineOption.UBATCH));
    }
}
