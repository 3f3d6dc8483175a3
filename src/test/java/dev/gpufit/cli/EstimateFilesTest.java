package dev.gpufit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gpufit.model.files.GgufTestWriter;
import dev.gpufit.model.files.ModelFixtures;
import dev.gpufit.model.ggml.GgmlType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gpufit estimate} on the files about to be loaded: weights exact from the files. */
class EstimateFilesTest {
    @TempDir
    Path dir;

    @Test
    void modelDirectoryWeightsAreExactFromTheSafetensorsHeaders() throws IOException {
        ModelFixtures.writeLlama3(dir);
        CliRun r = CliRun.of("estimate", dir.toString(), "--context", "8192", "--format", "json");
        assertEquals(0, r.code(), r.err());
        JsonNode j = r.json();
        long bytes = ModelFixtures.LLAMA3_8B_BF16_BYTES + ModelFixtures.INV_FREQ_BYTES;
        assertEquals(bytes, j.get("memory").get("weights_bytes").asLong());
        assertEquals(
                ModelFixtures.LLAMA3_8B_PARAMETERS,
                j.get("model").get("parameters").asLong());
        assertEquals("safetensors", j.get("model").get("source").asText());
        assertEquals("llama", j.get("model").get("architecture").asText());
        JsonNode files = j.get("model").get("weights_from_files");
        assertEquals(
                ModelFixtures.LLAMA3_8B_BF16_BYTES,
                files.get("bytes_by_dtype").get("BF16").asLong());
        assertEquals(4, files.get("files").size());
        assertTrue(
                j.get("notes").toString().contains("exact from files"),
                j.get("notes").toString());

        for (String file : new String[] {"model.safetensors.index.json", "model-00004-of-00004.safetensors"}) {
            CliRun one = CliRun.of("estimate", dir.resolve(file).toString(), "--context", "8192", "--format", "json");
            assertEquals(0, one.code(), one.err());
            assertEquals(
                    "llama", one.json().get("model").get("architecture").asText(), "config.json next to the weights");
        }
        assertEquals(
                bytes,
                CliRun.of(
                                "estimate",
                                dir.resolve("model.safetensors.index.json").toString(),
                                "--format",
                                "json")
                        .json()
                        .get("memory")
                        .get("weights_bytes")
                        .asLong());

        CliRun table = CliRun.of("estimate", dir.toString(), "--context", "8192");
        assertEquals(0, table.code(), table.err());
        assertTrue(table.out().contains("exact from files"), table.out());
    }

    @Test
    void dtypeOverFilesQuantizesTheSameParametersAsOverTheConfigAlone() throws IOException {
        ModelFixtures.writeLlama3(dir);
        for (String dtype : new String[] {"int4", "int8", "fp8"}) {
            JsonNode files = CliRun.of("estimate", dir.toString(), "--dtype", dtype, "--format", "json")
                    .json();
            JsonNode config = CliRun.of(
                            "estimate", dir.resolve("config.json").toString(), "--dtype", dtype, "--format", "json")
                    .json();
            long fromConfig = config.get("memory").get("weights_bytes").asLong();
            assertEquals(
                    fromConfig, files.get("memory").get("weights_bytes").asLong(), dtype + ": " + files.get("notes"));
            // embeddings, lm_head (128256 x 4096 each) and norms stay 16-bit: 1,050,939,392 other parameters
            assertTrue(
                    files.get("notes").toString().contains("+ 1050939392 other parameters"),
                    files.get("notes").toString());
        }
    }

    private static GgufTestWriter smallGguf() {
        return new GgufTestWriter()
                .string("general.architecture", "llama")
                .u32("general.file_type", 15)
                .u32("llama.block_count", 2)
                .u32("llama.context_length", 4096)
                .u32("llama.embedding_length", 512)
                .u32("llama.feed_forward_length", 1024)
                .u32("llama.attention.head_count", 8)
                .u32("llama.attention.head_count_kv", 2)
                .stringArray("tokenizer.ggml.tokens", 1000)
                .tensor("token_embd.weight", GgmlType.Q4_K, 512, 1000)
                .tensor("blk.0.attn_q.weight", GgmlType.Q4_K, 512, 512)
                .tensor("blk.0.ffn_down.weight", GgmlType.Q6_K, 1024, 512)
                .tensor("blk.0.attn_norm.weight", GgmlType.F32, 512)
                .tensor("output.weight", GgmlType.Q6_K, 512, 1000);
    }

    @Test
    void ggufFileWeightsAreExactFromTheTensorTable() throws IOException {
        GgufTestWriter w = smallGguf();
        Path f = w.writeSparse(dir.resolve("tiny-Q4_K_M.gguf"));
        CliRun r = CliRun.of("estimate", f.toString(), "--context", "1024", "--format", "json");
        assertEquals(0, r.code(), r.err());
        JsonNode j = r.json();
        assertEquals(w.tensorBytes(), j.get("memory").get("weights_bytes").asLong());
        assertEquals("gguf", j.get("model").get("source").asText());
        assertEquals(2, j.get("model").get("kv_heads").asInt());
        assertEquals("Q4_K_M", j.get("model").get("quantization").get("name").asText());
        assertEquals(
                512L * 1000 / 256 * 144,
                j.get("model")
                        .get("weights_from_files")
                        .get("token_embedding_bytes")
                        .asLong());
        assertTrue(
                j.get("notes").toString().contains("exact from files"),
                j.get("notes").toString());
        assertTrue(
                j.get("notes").toString().contains("GGUF file type Q4_K_M"),
                j.get("notes").toString());

        GgufTestWriter proj = new GgufTestWriter()
                .string("general.architecture", "clip")
                .tensor("mm.0.weight", GgmlType.F16, 512, 512);
        Path mmproj = proj.writeSparse(dir.resolve("mmproj-tiny-f16.gguf"));
        CliRun both = CliRun.of(
                "estimate", f.toString(), "--mmproj", mmproj.toString(), "--context", "1024", "--format", "json");
        assertEquals(0, both.code(), both.err());
        assertEquals(
                w.tensorBytes() + proj.tensorBytes(),
                both.json().get("memory").get("weights_bytes").asLong());
        assertTrue(both.json().get("notes").toString().contains("vision projector mmproj-tiny-f16.gguf"));
    }

    @Test
    void splitGgufIsSummedFromAnySplit() throws IOException {
        GgufTestWriter first = smallGguf().u32("split.no", 0).u32("split.count", 2);
        GgufTestWriter second = new GgufTestWriter()
                .u32("split.no", 1)
                .u32("split.count", 2)
                .tensor("blk.1.attn_q.weight", GgmlType.Q4_K, 512, 512);
        first.writeSparse(dir.resolve("tiny-00001-of-00002.gguf"));
        Path two = second.writeSparse(dir.resolve("tiny-00002-of-00002.gguf"));
        CliRun r = CliRun.of("estimate", two.toString(), "--context", "1024", "--format", "json");
        assertEquals(0, r.code(), r.err());
        assertEquals(
                first.tensorBytes() + second.tensorBytes(),
                r.json().get("memory").get("weights_bytes").asLong());
    }

    @Test
    void hostileFileExitsTwoWithOneLine() throws IOException {
        Path f = Files.write(
                dir.resolve("evil.gguf"),
                GgufTestWriter.header(3, 0, 1)
                        .bytes(new GgufTestWriter.Out().str("k").u32(8).u64(-1L).toBytes())
                        .toBytes());
        CliRun r = CliRun.of("estimate", f.toString());
        assertEquals(2, r.code());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(
                r.err().startsWith("gpufit: " + f + ": string length 18446744073709551615 of 'k' is invalid"), r.err());
    }

    @Test
    void safetensorsFileWithoutConfigSaysWhatIsMissing() throws IOException {
        Path f = Files.write(
                dir.resolve("x.safetensors"),
                new dev.gpufit.model.files.SafetensorsTestWriter()
                        .tensor("w", "F16", 2)
                        .toBytes());
        CliRun r = CliRun.of("estimate", f.toString());
        assertEquals(2, r.code());
        assertTrue(
                r.err().contains("safetensors weights hold no architecture; put the model's config.json next to it"),
                r.err());
    }

    @Test
    void repoOptionsNeedARepoId() throws IOException {
        ModelFixtures.writeLlama3(dir);
        CliRun hub = CliRun.of("estimate", dir.toString(), "--hub");
        assertEquals(2, hub.code());
        assertTrue(hub.err().contains("--hub applies to an HF repo id"), hub.err());
        CliRun mmproj = CliRun.of(
                "estimate", "llama-3.1-8b", "--mmproj", dir.resolve("none.gguf").toString());
        assertEquals(2, mmproj.code());
        assertTrue(mmproj.err().contains("--mmproj adds to weights read from files"), mmproj.err());
    }
}
