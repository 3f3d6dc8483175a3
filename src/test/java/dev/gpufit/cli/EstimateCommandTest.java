package dev.gpufit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EstimateCommandTest {
    private static final String[] SEED = {
        "estimate",
        "--method",
        "seed",
        "--params",
        "7e9",
        "--layers",
        "32",
        "--hidden",
        "4096",
        "--batch",
        "1",
        "--dtype",
        "fp16",
        "--format",
        "json"
    };

    private static String[] seed(String... more) {
        String[] all = new String[SEED.length + more.length];
        System.arraycopy(SEED, 0, all, 0, SEED.length);
        System.arraycopy(more, 0, all, SEED.length, more.length);
        return all;
    }

    @Test
    void seedNotesTheOptionsItDoesNotUse() {
        CliRun plain = CliRun.of(seed("--context", "512"));
        CliRun r = CliRun.of(seed("--context", "512", "--kv-dtype", "fp8", "--engine", "vllm"));
        assertEquals(0, r.code(), r.err());
        assertEquals(plain.json().get("memory"), r.json().get("memory"), "the seed figures do not change");
        String notes = r.json().get("notes").toString();
        assertTrue(notes.contains("--kv-dtype fp8 not used"), notes);
        assertTrue(notes.contains("--engine vllm not used"), notes);
        assertTrue(
                !plain.json().get("notes").toString().contains("not used"),
                plain.json().get("notes").toString());
    }

    @Test
    void seedWorkedExampleOnMacToTheByte() {
        CliRun r = CliRun.of(seed("--context", "512", "--platform", "mac"));
        assertEquals(0, r.code(), r.err());
        JsonNode j = r.json();
        assertEquals("gpufit/estimate/v1", j.get("schema").asText());
        JsonNode m = j.get("memory");
        assertEquals(14_000_000_000L, m.get("weights_bytes").asLong());
        assertEquals(134_217_728L, m.get("activations_bytes").asLong());
        assertEquals(268_435_456L, m.get("kv_cache_bytes").asLong());
        assertEquals(5_000_000_000L, m.get("overhead_bytes").asLong());
        assertEquals(19_402_653_184L, m.get("total_bytes").asLong());
        assertEquals("seed", j.get("workload").get("method").asText());
        assertEquals("mac", j.get("workload").get("platform").asText());
        assertEquals(512, j.get("workload").get("context").asLong());
    }

    @Test
    void seedWorkedExampleOnLinux() {
        CliRun r = CliRun.of(seed("--context", "512", "--platform", "linux"));
        assertEquals(0, r.code(), r.err());
        assertEquals(16_402_653_184L, r.json().get("memory").get("total_bytes").asLong());
        assertEquals(
                2_000_000_000L, r.json().get("memory").get("overhead_bytes").asLong());
    }

    @Test
    void seedAt2048Tokens() {
        CliRun r = CliRun.of(seed("--context", "2048", "--platform", "mac"));
        assertEquals(0, r.code(), r.err());
        JsonNode m = r.json().get("memory");
        assertEquals(1_073_741_824L, m.get("kv_cache_bytes").asLong());
        assertEquals(536_870_912L, m.get("activations_bytes").asLong());
    }

    @Test
    void jsonHasTheContractKeys() {
        CliRun r =
                CliRun.of("estimate", "llama-3.1-8b", "--context", "8192", "--platform", "linux", "--format", "json");
        assertEquals(0, r.code(), r.err());
        JsonNode j = r.json();
        for (String k : new String[] {
            "id",
            "source",
            "parameters",
            "layers",
            "hidden_size",
            "attention_heads",
            "kv_heads",
            "head_dim",
            "vocab_size"
        }) {
            assertTrue(j.get("model").has(k), "model." + k);
        }
        for (String k : new String[] {"batch", "context", "weight_dtype", "kv_dtype", "engine", "method"}) {
            assertTrue(j.get("workload").has(k), "workload." + k);
        }
        for (String k :
                new String[] {"weights_bytes", "activations_bytes", "kv_cache_bytes", "overhead_bytes", "total_bytes"
                }) {
            assertTrue(j.get("memory").has(k), "memory." + k);
        }
        assertTrue(j.get("notes").isArray() && j.get("notes").size() > 3);
        JsonNode m = j.get("memory");
        assertEquals(8_030_261_248L, j.get("model").get("parameters").asLong());
        assertEquals(16_060_522_496L, m.get("weights_bytes").asLong());
        assertEquals(131_072L * 8192, m.get("kv_cache_bytes").asLong());
        assertEquals(512L * 1024 * 1024, m.get("overhead_bytes").asLong());
        assertEquals(
                m.get("weights_bytes").asLong()
                        + m.get("activations_bytes").asLong()
                        + m.get("kv_cache_bytes").asLong()
                        + m.get("overhead_bytes").asLong(),
                m.get("total_bytes").asLong());
        assertEquals("detailed", j.get("workload").get("method").asText());
        assertEquals("bf16", j.get("workload").get("weight_dtype").asText());
        assertTrue(m.get("seed_total_bytes").asLong() > m.get("total_bytes").asLong());
    }

    @Test
    void tableShowsTermsBarsAndSeedTotal() {
        CliRun r = CliRun.of("estimate", "llama-3.1-8b", "--context", "8192", "--platform", "linux");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("16,060,522,496"), r.out());
        assertTrue(r.out().contains("14.96"), r.out());
        assertTrue(r.out().contains("seed formula"), r.out());
        assertTrue(r.out().contains("####"), r.out());
        assertTrue(r.out().contains("Notes:"), r.out());
    }

    @Test
    void defaultContextIsStatedInNotes() {
        CliRun r = CliRun.of("estimate", "llama-2-7b", "--format", "json", "--platform", "linux");
        assertEquals(0, r.code(), r.err());
        assertEquals(4096, r.json().get("workload").get("context").asLong());
        assertTrue(r.json().get("notes").toString().contains("no --context given"));
        CliRun gpt2 = CliRun.of("estimate", "gpt2", "--format", "json");
        assertEquals(1024, gpt2.json().get("workload").get("context").asLong()); // capped at n_positions
    }

    @Test
    void tensorParallelThroughTheCli() {
        CliRun r = CliRun.of("estimate", "llama-3.1-70b", "--tp", "16", "--context", "1000", "--format", "json");
        assertEquals(0, r.code(), r.err());
        JsonNode m = r.json().get("memory");
        assertEquals(80L * 2 * 1 * 128 * 2, m.get("kv_bytes_per_token").asLong()); // 1 replicated KV head per device
        assertEquals(16, r.json().get("workload").get("tensor_parallel").asInt());
    }

    @Test
    void csvFormat() {
        CliRun r = CliRun.of("estimate", "llama-3.1-8b", "--format", "csv");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("term,bytes,gib\nweights,16060522496,"), r.out());
    }

    @Test
    void configJsonPathAndDirectory(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("config.json"), dev.gpufit.Fixtures.QWEN3_8B);
        CliRun file = CliRun.of("estimate", dir.resolve("config.json").toString(), "--format", "json");
        assertEquals(0, file.code(), file.err());
        assertEquals(8_190_735_360L, file.json().get("model").get("parameters").asLong());
        assertEquals("config.json", file.json().get("model").get("source").asText());
        CliRun d = CliRun.of("estimate", dir.toString(), "--format", "json");
        assertEquals(0, d.code(), d.err());
        assertEquals(147_456L, d.json().get("memory").get("kv_bytes_per_token").asLong());
    }

    // ---- bad input: exit 2, one line on stderr, no stack trace ----

    private static void assertBadInput(CliRun r, String expectedFragment) {
        assertEquals(2, r.code(), r.out() + r.err());
        String err = r.err().strip();
        assertTrue(err.contains(expectedFragment), err);
        assertFalse(err.contains("Exception"), err);
        assertFalse(err.contains("\tat "), err);
    }

    @Test
    void unknownModelListsClosestIds() {
        CliRun r = CliRun.of("estimate", "llama-3.1-8c");
        assertBadInput(r, "unknown model 'llama-3.1-8c'");
        assertTrue(r.err().contains("llama-3.1-8b"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }

    @Test
    void malformedConfigNamesTheFile(@TempDir Path dir) throws Exception {
        Path cfg = dir.resolve("config.json");
        Files.writeString(cfg, "{\"model_type\": \"llama\", \"hidden_size\": 4096,");
        CliRun r = CliRun.of("estimate", cfg.toString());
        assertBadInput(r, "malformed JSON");
        assertTrue(r.err().contains(cfg.toString()), r.err());
    }

    @Test
    void incompleteConfigNamesTheField(@TempDir Path dir) throws Exception {
        Path cfg = dir.resolve("config.json");
        Files.writeString(cfg, dev.gpufit.Fixtures.LLAMA_3_8B.replace("\"num_hidden_layers\": 32,", ""));
        CliRun r = CliRun.of("estimate", cfg.toString());
        assertBadInput(r, "num_hidden_layers");
        assertTrue(r.err().contains(cfg.toString()), r.err());
    }

    @Test
    void invalidFieldValueNamesTheField(@TempDir Path dir) throws Exception {
        Path cfg = dir.resolve("config.json");
        Files.writeString(
                cfg, dev.gpufit.Fixtures.LLAMA_3_8B.replace("\"hidden_size\": 4096", "\"hidden_size\": \"big\""));
        assertBadInput(CliRun.of("estimate", cfg.toString()), "'hidden_size' must be a positive whole number");
    }

    @Test
    void unsupportedModelTypeWithoutStandardFields(@TempDir Path dir) throws Exception {
        Path cfg = dir.resolve("config.json");
        Files.writeString(cfg, "{\"model_type\": \"mamba\", \"d_model\": 768, \"n_layer\": 24, \"vocab_size\": 50280}");
        assertBadInput(CliRun.of("estimate", cfg.toString()), "unsupported model_type 'mamba'");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "--batch=0",
                "--batch=-3",
                "--context=0",
                "--context=-1",
                "--tp=0",
                "--dtype=int3",
                "--kv-dtype=q7",
                "--engine=nonesuch",
                "--method=guess",
                "--platform=windows95"
            })
    void badWorkloadNumbersAndNames(String option) {
        CliRun r = CliRun.of("estimate", "llama-3.1-8b", option);
        assertEquals(2, r.code(), option + ": " + r.out() + r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @ParameterizedTest
    @CsvSource({
        "--params=0, --layers=32, --hidden=4096",
        "--params=7e9, --layers=0, --hidden=4096",
        "--params=7e9, --layers=32, --hidden=-1",
        "--params=7e9, --layers=32, --hidden=4096x",
    })
    void badManualNumbers(String a, String b, String c) {
        CliRun r = CliRun.of("estimate", a, b, c);
        assertEquals(2, r.code(), r.out() + r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void unknownDtypeListsValidNames() {
        CliRun r = CliRun.of("estimate", "llama-3.1-8b", "--dtype", "int3");
        assertBadInput(r, "unknown --dtype 'int3'");
        assertTrue(r.err().contains("q4_k_m"), r.err());
    }

    @Test
    void unknownEngineListsProfiles() {
        assertBadInput(CliRun.of("estimate", "llama-3.1-8b", "--engine", "nonesuch"), "available: generic");
    }

    @Test
    void absurdNumbersAreRefusedNotOverflowed() {
        CliRun r = CliRun.of(
                "estimate",
                "--params",
                "7e9",
                "--layers",
                "32",
                "--hidden",
                "4096",
                "--context",
                "128m",
                "--batch",
                "1048576");
        assertBadInput(r, "too large");
    }

    @Test
    void contextAndBatchAboveTheLimitsAreBadInputNamingThem() {
        CliRun c = CliRun.of("estimate", "llama-3.1-8b", "--context", "99999999999");
        assertBadInput(c, "--context 99999999999 is above gpufit's limit of 134217728 tokens");
        assertEquals(1, c.err().strip().lines().count(), c.err());
        assertBadInput(
                CliRun.of("fit", "llama-3.1-8b", "--context", "134217729", "--device", "catalog:h100-80gb"),
                "limit of 134217728 tokens");
        assertBadInput(
                CliRun.of("estimate", "llama-3.1-8b", "--batch", "1048577"),
                "--batch 1048577 is above gpufit's limit of 1048576");
        assertEquals(
                0,
                CliRun.of("estimate", "llama-3.1-8b", "--context", "128m", "--format", "json")
                        .code());
    }

    @Test
    void modelAndManualNumbersTogetherIsAnError() {
        assertBadInput(CliRun.of("estimate", "llama-3.1-8b", "--params", "7e9"), "not both");
    }

    @Test
    void noModelAtAll() {
        assertBadInput(CliRun.of("estimate"), "no model given");
    }
}
