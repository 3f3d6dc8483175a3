package dev.gpufit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line on a config with fields gpufit does not model: exit 2 naming them, or with
 * --accept-generic an estimate marked approximate in the table, the JSON and fit's verdict line.
 */
class AcceptGenericTest {
    @TempDir
    Path tmp;

    private Path config(String family) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(family));
        Path file = dir.resolve("config.json");
        try (var in = AcceptGenericTest.class.getResourceAsStream("/configs/" + family + "/config.json")) {
            Files.copy(in, file);
        }
        return file;
    }

    @Test
    void eachRealConfigOfAnUnsupportedFamilyIsRefusedNamingItsFields() throws IOException {
        String[][] cases = {
            {"qwen3-next", "linear_num_value_heads"},
            {"lfm2", "full_attn_idxs"},
            {"kimi-k2", "kv_lora_rank"},
            {"mamba", "state_size"},
            {"openelm", "num_query_heads"}
        };
        for (String[] c : cases) {
            CliRun r = CliRun.of("estimate", config(c[0]).toString());
            assertEquals(ExitCodes.BAD_INPUT, r.code(), c[0] + ": " + r.out() + r.err());
            assertTrue(r.err().contains(c[1]), c[0] + ": " + r.err());
            assertFalse(r.err().contains("Exception"), r.err());
        }
    }

    @Test
    void theRefusalOffersTheOptionWhenAGenericEstimateIsPossible() throws IOException {
        CliRun r = CliRun.of("estimate", config("qwen3-next").toString());
        assertEquals(ExitCodes.BAD_INPUT, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("--accept-generic"), r.err());
    }

    @Test
    void acceptedTheEstimateIsMarkedApproximateInJsonAndTable() throws IOException {
        String path = config("kimi-k2").toString();
        CliRun json = CliRun.of("estimate", path, "--accept-generic", "--format", "json");
        assertEquals(ExitCodes.OK, json.code(), json.err());
        JsonNode root = json.json();
        assertTrue(root.path("approximate").asBoolean(), json.out());
        assertTrue(root.path("unmodelled_fields").toString().contains("n_routed_experts"), json.out());
        CliRun table = CliRun.of("estimate", path, "--accept-generic");
        assertEquals(ExitCodes.OK, table.code(), table.err());
        assertTrue(table.out().contains("approximate: generic estimate"), table.out());
    }

    @Test
    void fitSaysApproximateOnItsVerdictLine() throws IOException {
        String path = config("qwen3-next").toString();
        CliRun r = CliRun.of("fit", path, "--accept-generic", "--device", "catalog:h100-80gb", "--context", "4096");
        assertEquals(ExitCodes.OK, r.code(), r.out() + r.err());
        String verdict = r.out()
                .lines()
                .filter(l -> l.startsWith("verdict:"))
                .findFirst()
                .orElse("");
        assertTrue(verdict.contains("(approximate: generic estimate)"), r.out());
        CliRun json = CliRun.of(
                "fit",
                path,
                "--accept-generic",
                "--device",
                "catalog:h100-80gb",
                "--context",
                "4096",
                "--format",
                "json");
        assertTrue(json.json().path("approximate").asBoolean(), json.out());
        assertTrue(json.json().path("estimate").path("approximate").asBoolean(), json.out());
    }

    @Test
    void planSaysApproximateOnItsAnswerLineAndInJson() throws IOException {
        String path = config("qwen3-next").toString();
        CliRun r = CliRun.of("plan", path, "--accept-generic", "--device", "catalog:h100-80gb");
        assertEquals(ExitCodes.OK, r.code(), r.out() + r.err());
        String answer = r.out()
                .lines()
                .filter(l -> l.startsWith("largest context"))
                .findFirst()
                .orElse("");
        assertTrue(answer.endsWith("(approximate: generic estimate)"), r.out());
        CliRun json = CliRun.of("plan", path, "--accept-generic", "--device", "catalog:h100-80gb", "--format", "json");
        assertTrue(json.json().path("approximate").asBoolean(), json.out());
        assertEquals(
                ExitCodes.BAD_INPUT,
                CliRun.of("plan", path, "--device", "catalog:h100-80gb").code());
    }

    @Test
    void aPlainDecoderUnderAnUnknownModelTypeIsSizedWithoutTheOption() throws IOException {
        Path file = tmp.resolve("config.json");
        Files.writeString(file, """
                {"model_type": "my_llama", "hidden_size": 2048, "intermediate_size": 8192, "num_hidden_layers": 16,
                 "num_attention_heads": 32, "num_key_value_heads": 8, "vocab_size": 128256, "torch_dtype": "bfloat16"}
                """);
        CliRun r = CliRun.of("estimate", file.toString(), "--format", "json");
        assertEquals(ExitCodes.OK, r.code(), r.err());
        assertFalse(r.json().has("approximate"), r.out());
        assertTrue(r.json().path("notes").toString().contains("generic estimate: model_type 'my_llama'"), r.out());
    }
}
