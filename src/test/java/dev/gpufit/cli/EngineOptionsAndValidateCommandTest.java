package dev.gpufit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineOptionsAndValidateCommandTest {
    @Test
    void engineOptionsLandInTheWorkloadAsEngineOpts() {
        CliRun r = CliRun.of(
                "estimate",
                "llama-3.1-8b",
                "--engine",
                "llama.cpp",
                "--dtype",
                "q4_k_m",
                "--context",
                "2048",
                "--parallel",
                "4",
                "--ubatch",
                "256",
                "--n-batch",
                "1024",
                "--flash-attn",
                "off",
                "--gpu-layers",
                "20",
                "--format",
                "json");
        assertEquals(0, r.code(), r.err());
        JsonNode opts = r.json().path("workload").path("engine_options");
        assertEquals("4", opts.path("parallel").asText());
        assertEquals("256", opts.path("ubatch").asText());
        assertEquals("1024", opts.path("n-batch").asText());
        assertEquals("20", opts.path("gpu-layers").asText());
        // 32 layers x 8 KV heads x 128 x 2 (K, V) x 2 bytes x n_ctx 8192
        assertEquals(
                32L * 8 * 128 * 2 * 2 * 8192,
                r.json().path("memory").path("kv_cache_bytes").asLong());
        assertTrue(r.json().path("memory").path("host_bytes").asLong() > 0);
    }

    @Test
    void explicitOptionWinsOverEngineOpt() {
        CliRun r = CliRun.of(
                "estimate",
                "llama-3.1-8b",
                "--engine",
                "vllm",
                "--engine-opt",
                "max_num_seqs=8",
                "--max-num-seqs",
                "64",
                "--format",
                "json");
        assertEquals(0, r.code(), r.err());
        assertEquals(
                "64",
                r.json()
                        .path("workload")
                        .path("engine_options")
                        .path("max-num-seqs")
                        .asText());
        assertTrue(r.json()
                .path("workload")
                .path("engine_options")
                .path("max_num_seqs")
                .isMissingNode());
    }

    @Test
    void anOptionOfAnotherEngineIsBadInput() {
        CliRun r = CliRun.of("estimate", "llama-3.1-8b", "--engine", "vllm", "--ubatch", "256");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("engine option 'ubatch' is not a setting of --engine vllm; it takes: "), r.err());
        CliRun typo = CliRun.of("estimate", "llama-3.1-8b", "--engine-opt", "flash_attn=false");
        assertEquals(2, typo.code(), typo.err());
        assertTrue(typo.err().contains("it takes: flash-attention, logits"), typo.err());
    }

    @Test
    void maxModelLenIsTheContextAndMustNotContradictIt() {
        CliRun r =
                CliRun.of("estimate", "llama-3.1-8b", "--engine", "vllm", "--max-model-len", "16k", "--format", "json");
        assertEquals(0, r.code(), r.err());
        assertEquals(16384, r.json().path("workload").path("context").asLong());
        CliRun bad =
                CliRun.of("estimate", "llama-3.1-8b", "--engine", "vllm", "--max-model-len", "16k", "--context", "8k");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("disagree"), bad.err());
    }

    @Test
    void deviceTotalShowsVllmCapacity() {
        CliRun r = CliRun.of(
                "estimate",
                "llama-3.1-8b",
                "--engine",
                "vllm",
                "--max-model-len",
                "20000",
                "--engine-opt",
                "chunked-prefill=false",
                "--engine-opt",
                "non-torch=0.35GiB",
                "--device-total",
                "23.58GiB",
                "--format",
                "json");
        assertEquals(0, r.code(), r.err());
        JsonNode v = r.json().path("vllm");
        // engine-logs B03 logged 1952 blocks = 31,232 tokens, 1.56x; gpufit is within 1 %
        assertEquals(31_424, v.path("kv_cache_tokens").asLong());
        assertEquals(1.57, v.path("max_concurrency").asDouble(), 1e-9);
        assertTrue(v.path("fits").asBoolean());
        CliRun text = CliRun.of("estimate", "llama-3.1-8b", "--engine", "vllm", "--device-total", "24g");
        assertTrue(text.out().contains("vLLM on a device of 24.00 GiB"), text.out());
        CliRun wrongEngine = CliRun.of("estimate", "llama-3.1-8b", "--device-total", "24g");
        assertEquals(2, wrongEngine.code());
    }

    @Test
    void unknownEngineIsExitTwoWithTheList() {
        CliRun r = CliRun.of("estimate", "llama-3.1-8b", "--engine", "tgi");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("generic, transformers, vllm, llama.cpp, ollama, mlx"), r.err());
    }

    @Test
    void projectorBytesAsAnEngineOptionAddToTheGpuWeights() {
        CliRun base =
                CliRun.of("estimate", "llama-3.1-8b", "--engine", "llama.cpp", "--dtype", "q4_k_m", "--format", "json");
        CliRun with = CliRun.of(
                "estimate",
                "llama-3.1-8b",
                "--engine",
                "llama.cpp",
                "--dtype",
                "q4_k_m",
                "--engine-opt",
                "mmproj-bytes=4096",
                "--format",
                "json");
        assertEquals(
                4096,
                with.json().path("memory").path("weights_bytes").asLong()
                        - base.json().path("memory").path("weights_bytes").asLong());
        assertEquals(
                base.json().path("memory").path("host_bytes").asLong(),
                with.json().path("memory").path("host_bytes").asLong());
    }

    @Test
    void validateRunsTheBuiltInCasesWithinBounds() {
        CliRun r = CliRun.of("validate");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("A01  llama.cpp"), r.out());
        assertTrue(r.out().contains("excluded: duplicate of A02"), r.out());
        assertTrue(r.out().contains("0 outside"), r.out());
        JsonNode j = CliRun.of("validate", "--format", "json").json();
        assertEquals("gpufit/validate/v1", j.path("schema").asText());
        assertEquals(21, j.path("cases").size());
        assertTrue(j.path("summary").path("all_within_bounds").asBoolean());
    }

    @Test
    void validateTakesAFileAndExitsThreeWhenACheckIsOutside(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("cases.jsonl");
        // Llama-2-7B at n_ctx 512: KV is 256 MiB, not 300
        Files.writeString(
                f,
                "{\"id\": \"T1\", \"engine\": \"llama.cpp\", \"model\": \"Llama 2 7B\", \"quant\": \"F16\","
                        + " \"n_ctx\": 512, \"flash_attn\": false, \"measured\": {\"kv_mib\": 300.0}}\n");
        CliRun r = CliRun.of("validate", f.toString());
        assertEquals(3, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("256.00"), r.out());
        assertEquals(
                2,
                CliRun.of("validate", dir.resolve("missing.jsonl").toString()).code());
    }
}
