package dev.gpufit.estimate.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gpufit.model.ModelSpec;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The CPU build's compute buffer against what llama.cpp logged on the GGUFs of
 * scripts/bench/llamacpp-real (figures in src/test/resources/llamacpp/cpu-build-buffers.json,
 * with where they were measured).
 */
class LlamaCppCpuComputeTest {
    private static final double MIB = 1048576.0;
    /** compute_mib has 4 decimals: half of the last one. */
    private static final double ROUNDING = 0.00005 * MIB;

    record Measured(JsonNode c, ModelSpec spec, LlamaCppBuffers est) {
        double computeBytes() {
            return c.get("compute_mib").asDouble() * MIB;
        }

        String name() {
            return c.get("gguf").asText() + " ctx " + c.get("context").asLong() + " ub "
                    + c.get("ubatch").asLong() + " fa " + c.get("flash_attn").asBoolean() + " x"
                    + c.get("parallel").asInt();
        }
    }

    static List<Measured> cases() throws IOException {
        JsonNode root;
        try (InputStream in = LlamaCppCpuComputeTest.class.getResourceAsStream("/llamacpp/cpu-build-buffers.json")) {
            root = new ObjectMapper().readTree(in);
        }
        List<Measured> out = new ArrayList<>();
        for (JsonNode c : root.get("cases")) {
            ModelSpec s = ModelSpec.builder()
                    .id(c.get("gguf").asText())
                    .source("test")
                    .architecture(c.get("architecture").asText())
                    .layers(c.get("layers").asInt())
                    .hiddenSize(c.get("hidden").asLong())
                    .attentionHeads(c.get("heads").asInt())
                    .kvHeads(c.get("kv_heads").asInt())
                    .headDim(c.get("head_dim").asInt())
                    .vocabSize(c.get("vocab").asLong())
                    .intermediateSize(c.get("intermediate").asLong())
                    .maxContext(32768L)
                    .nativeDtype("bf16")
                    .build();
            String ub = c.get("ubatch").asText();
            Map<String, String> opts = Map.of(
                    "backend",
                    "cpu",
                    "parallel",
                    c.get("parallel").asText(),
                    "n-batch",
                    ub,
                    "ubatch",
                    ub,
                    "flash-attn",
                    c.get("flash_attn").asBoolean() ? "on" : "off",
                    "cache-type-k",
                    c.get("kv_type").asText(),
                    "cache-type-v",
                    c.get("kv_type").asText());
            LlamaCppBuffers b = LlamaCppProfileTest.buffers(
                    LlamaCppProfileTest.LLAMA, s, 1, c.get("context").asLong(), opts);
            out.add(new Measured(c, s, b));
        }
        return out;
    }

    @Test
    void neverUnderWhatLlamaCppReserved() throws IOException {
        List<Measured> all = cases();
        assertEquals(34, all.size());
        for (Measured m : all) {
            assertTrue(
                    m.est().computeHost() >= m.computeBytes() - ROUNDING,
                    m.name() + ": " + m.est().computeHost() + " < logged " + m.computeBytes());
            // the placement bounds (logits, flash attention's feed-forward): at most 6.4 % high
            assertTrue(
                    m.est().computeHost() <= m.computeBytes() * 1.064,
                    m.name() + ": " + m.est().computeHost() + " > 6.4 % over logged " + m.computeBytes());
            assertEquals(0, m.est().computeDevice(), m.name());
        }
    }

    @Test
    void attentionPhaseIsExactIncludingOneKvStreamPerSequence() throws IOException {
        // llama 2048 wide, 16 heads, no flash attention: the score matrices dominate, and the
        // formula gives llama.cpp's bytes; with --parallel 4 the graph attends over n_ctx / 4 cells
        int exact = 0;
        for (Measured m : cases()) {
            if (!m.c().get("architecture").asText().equals("llama")
                    || m.c().get("flash_attn").asBoolean()
                    || m.c().get("context").asLong() < 2048) {
                continue;
            }
            assertEquals(m.computeBytes(), (double) m.est().computeHost(), ROUNDING, m.name());
            exact++;
        }
        assertEquals(5, exact);
    }

    @Test
    void outputPhaseIsExactWhereTheLogitsSitThreeActivationsUp() throws IOException {
        // qwen2 ub 512 and gemma3 ub 1025: llama.cpp placed the logits above 3 live activations
        for (Measured m : cases()) {
            String g = m.c().get("gguf").asText();
            long ub = m.c().get("ubatch").asLong();
            if ((g.equals("qwen2-q8") && ub == 512) || (g.equals("gemma3-q4k") && ub == 1025)) {
                long h = m.spec().hiddenSize();
                assertEquals(
                        4 * ub * (m.spec().vocabSize() + 3 * h + 1), m.est().computeHost(), m.name());
                assertEquals(m.computeBytes(), (double) m.est().computeHost(), ROUNDING, m.name());
            }
        }
    }

    @Test
    void kvBufferMatchesOnFullAttentionModels() throws IOException {
        for (Measured m : cases()) {
            if (m.c().get("architecture").asText().startsWith("gemma")) {
                continue; // sliding-window layers: the spec here carries no window
            }
            assertEquals(m.c().get("kv_mib").asDouble() * MIB, (double) m.est().kv(), 0.005 * MIB, m.name());
        }
    }

    @Test
    void ollamaKeepsOneUnifiedStreamSoItsGraphAttendsOverAllCells() throws IOException {
        Measured four = cases().stream()
                .filter(m -> m.c().get("parallel").asInt() == 4
                        && !m.c().get("flash_attn").asBoolean())
                .findFirst()
                .orElseThrow();
        LlamaCppBuffers ollama = new OllamaProfile()
                .buffers(Tiny.inputs(
                        four.spec(),
                        Tiny.workload(
                                "ollama",
                                1,
                                2048,
                                "q8_0",
                                Map.of("backend", "cpu", "parallel", "4", "flash-attn", "off", "ubatch", "512"))));
        // 8192 cells x 17 x 4 x 512 instead of 2048 cells: 3 x 2048 x 17 x 2048 bytes more
        assertEquals(3L * 2048 * 17 * 2048, ollama.computeHost() - four.est().computeHost());
    }
}
