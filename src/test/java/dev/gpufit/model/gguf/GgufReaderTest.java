package dev.gpufit.model.gguf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gpufit.model.ModelFileException;
import dev.gpufit.model.ModelSpec;
import dev.gpufit.model.files.GgufTestWriter;
import dev.gpufit.model.ggml.GgmlType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GgufReaderTest {
    @TempDir
    Path dir;

    @Test
    void q4KMLlama3HasExactBytesFromBlockSizes() throws IOException {
        GgufTestWriter w = GgufFixtures.llama3Q4KM(3);
        Path file = w.writeSparse(dir.resolve("Meta-Llama-3-8B-Instruct-Q4_K_M.gguf"));
        ModelSpec spec = GgufReader.read(file);

        long q4k = 0;
        long q6k = 0;
        long f32 = 0;
        // Σ ceil(elements / block) × bytes per block, spelled out
        q4k += ceil(4096L * 128256, 256) * 144; // token_embd
        q4k += 32
                * (ceil(4096L * 4096, 256) * 144 * 2
                        + ceil(4096L * 1024, 256) * 144
                        + ceil(4096L * 14336, 256) * 144 * 2); // q, o, k, gate, up
        q6k += 32 * (ceil(4096L * 1024, 256) * 210 + ceil(14336L * 4096, 256) * 210); // v, down
        q6k += ceil(4096L * 128256, 256) * 210; // output
        f32 += (64 + 32 * 2 * 4096 + 4096) * 4L; // rope_freqs + norms

        assertEquals(q4k + q6k + f32, spec.weights().bytes(), "bytes = Σ ceil(elements/block) × bytes per block");
        assertEquals(w.tensorBytes(), spec.weights().bytes());
        assertEquals(q4k, spec.weights().bytesByDtype().get("Q4_K"));
        assertEquals(q6k, spec.weights().bytesByDtype().get("Q6_K"));
        assertEquals(f32, spec.weights().bytesByDtype().get("F32"));
        assertEquals(4096L * 128256 / 256 * 144, spec.weights().tokenEmbeddingBytes());
        assertEquals(8_030_261_248L, spec.parameters(), "rope_freqs is a buffer, not parameters");
        assertTrue(Files.size(file) > spec.weights().bytes(), "the file adds header and padding");

        assertEquals("gguf", spec.source());
        assertEquals("llama", spec.architecture());
        assertEquals(32, spec.layers());
        assertEquals(4096, spec.hiddenSize());
        assertEquals(14336, spec.intermediateSize());
        assertEquals(32, spec.attentionHeads());
        assertEquals(8, spec.kvHeads());
        assertEquals(128, spec.headDim());
        assertEquals(128256, spec.vocabSize(), "vocab from the tokenizer.ggml.tokens count");
        assertEquals(8192L, spec.maxContext());
        assertFalse(spec.tiedEmbeddings(), "output.weight is present");
        assertEquals("q4_k_m", spec.nativeDtype());
        assertEquals("Q4_K_M", spec.quantization().name());
        assertNull(spec.moe());
        assertNull(spec.slidingWindow());
        assertTrue(
                spec.notes().get(0).startsWith("read 292 tensors from 1 GGUF file"),
                spec.notes().toString());
        assertTrue(spec.notes().contains("GGUF file type Q4_K_M"), spec.notes().toString());
        double bpw = spec.weights().bytes() * 8.0 / spec.parameters();
        // llama.cpp puts only some attn_v/ffn_down in Q6_K (4.9 bpw); this fixture puts all of them
        assertTrue(bpw > 4.5 && bpw < 5.5, "a Q4_K_M-style mix is about 5 bits per weight: " + bpw);
    }

    private static long ceil(long n, long block) {
        return (n + block - 1) / block;
    }

    @Test
    void version2ReadsLikeVersion3() {
        ModelSpec v2 = GgufFixtures.spec(GgufFixtures.tiny().version(2).toBytes());
        ModelSpec v3 = GgufFixtures.spec(GgufFixtures.tiny().version(3).toBytes());
        assertEquals(v3.weights(), v2.weights());
        assertEquals(2, v2.kvHeads(), "head_count_kv as a per-layer array");
        assertEquals(40, v2.vocabSize());
        assertEquals(64, v2.headDim(), "no key_length: embedding / heads");
    }

    @Test
    void unknownFileTypeIsShownNotRefused() {
        GgufTestWriter w = arch("llama", 1).u32("general.file_type", 99).tensor("a", GgmlType.F32, 4);
        ModelSpec spec = GgufFixtures.spec(w.toBytes());
        assertTrue(
                spec.notes().contains("GGUF file type unknown (99)"),
                spec.notes().toString());
        assertEquals("unknown (99)", GgufFileType.name(99));
        assertEquals("MXFP4_MOE", GgufFileType.name(38));
        assertEquals("BF16", GgufFileType.name(32));
        assertTrue(spec.tiedEmbeddings(), "no output.weight: tied");
    }

    @Test
    void customAlignmentAndZeroSizedTensorsRead() {
        GgufFile f = GgufFixtures.parse(new GgufTestWriter()
                .alignment(64)
                .string("general.architecture", "llama")
                .tensor("a", GgmlType.Q8_0, 32, 3)
                .tensor("empty", GgmlType.F32, 0, 5)
                .tensor("b", GgmlType.F16, 7)
                .toBytes());
        assertEquals(64, f.alignment());
        assertEquals(0, f.dataStart() % 64);
        assertEquals(3 * 34 + 14, GgufWeights.of(java.util.List.of(f)).bytes());
        assertEquals(
                1,
                GgufFixtures.parse(new GgufTestWriter()
                                .alignment(1)
                                .tensor("a", GgmlType.F16, 3)
                                .toBytes())
                        .alignment());
    }

    @Test
    void gemma2SlidingLayersFollowLlamaCppPattern() {
        GgufTestWriter w = arch("gemma2", 6).u32("gemma2.attention.sliding_window", 4096);
        ModelSpec s = GgufFixtures.spec(w.toBytes());
        assertEquals(4096, s.slidingWindow());
        assertEquals(List.of(true, false, true, false, true, false), s.slidingLayers(), "even layers slide");

        ModelSpec g3 = GgufFixtures.spec(
                arch("gemma3", 12).u32("gemma3.attention.sliding_window", 1024).toBytes());
        assertEquals(
                List.of(true, true, true, true, true, false, true, true, true, true, true, false), g3.slidingLayers());

        ModelSpec explicit = GgufFixtures.spec(arch("x", 3)
                .u32("x.attention.sliding_window", 512)
                .i32Array("x.attention.sliding_window_pattern", 1, 0, 1)
                .toBytes());
        assertEquals(List.of(true, false, true), explicit.slidingLayers());

        ModelSpec unknown = GgufFixtures.spec(
                arch("llama", 2).u32("llama.attention.sliding_window", 4096).toBytes());
        assertNull(unknown.slidingLayers());
        assertTrue(unknown.notes().stream().anyMatch(n -> n.contains("not which layers slide")));
    }

    @Test
    void moeKeysBecomeAMoeSpec() {
        ModelSpec s = GgufFixtures.spec(arch("qwen3moe", 2)
                .u32("qwen3moe.expert_count", 128)
                .u32("qwen3moe.expert_used_count", 8)
                .u32("qwen3moe.expert_feed_forward_length", 768)
                .tensor("blk.0.ffn_gate_inp.weight", GgmlType.F32, 256, 128)
                .toBytes());
        assertEquals(128, s.moe().experts());
        assertEquals(8, s.moe().activeExperts());
        assertEquals(768, s.moe().expertIntermediateSize());
        assertFalse(s.moe().routerBias());
    }

    @Test
    void mlaNeedsTheMlaKeys() {
        GgufTestWriter mla = arch("deepseek2", 2)
                .u32("deepseek2.attention.kv_lora_rank", 512)
                .u32("deepseek2.attention.q_lora_rank", 1536)
                .u32("deepseek2.rope.dimension_count", 64)
                .u32("deepseek2.attention.key_length", 576)
                .u32("deepseek2.attention.value_length", 512)
                .u32("deepseek2.attention.key_length_mla", 192)
                .u32("deepseek2.attention.value_length_mla", 128)
                .u32("deepseek2.attention.head_count_kv", 1);
        ModelSpec s = GgufFixtures.spec(mla.toBytes());
        assertEquals(512, s.mla().kvLoraRank());
        assertEquals(64, s.mla().qkRopeHeadDim());
        assertEquals(128, s.mla().qkNopeHeadDim());
        assertEquals(128, s.mla().vHeadDim());
        assertEquals(1536, s.mla().qLoraRank());

        ModelSpec old = GgufFixtures.spec(arch("deepseek2", 2)
                .u32("deepseek2.attention.kv_lora_rank", 512)
                .u32("deepseek2.attention.key_length", 192)
                .u32("deepseek2.attention.value_length", 128)
                .toBytes());
        assertNull(old.mla(), "converted before MLA support: runs as multi-head attention");
        assertTrue(old.notes().stream().anyMatch(n -> n.contains("before llama.cpp MLA support")));
    }

    private static GgufTestWriter arch(String arch, int layers) {
        return new GgufTestWriter()
                .string("general.architecture", arch)
                .u32(arch + ".block_count", layers)
                .u32(arch + ".embedding_length", 256)
                .u32(arch + ".attention.head_count", 4)
                .tensor("token_embd.weight", GgmlType.F16, 256, 10);
    }

    @Test
    void splitFilesAreSummed() throws IOException {
        int n = 3;
        long total = 0;
        for (int i = 1; i <= n; i++) {
            GgufTestWriter w = new GgufTestWriter()
                    .u32("split.no", i - 1)
                    .u32("split.count", n)
                    .tensor("blk." + i + ".w", GgmlType.Q4_K, 4096, 1024);
            if (i == 1) {
                w = new GgufTestWriter()
                        .string("general.architecture", "llama")
                        .u32("llama.block_count", 3)
                        .u32("llama.embedding_length", 4096)
                        .u32("llama.attention.head_count", 32)
                        .u32("llama.vocab_size", 1000)
                        .u32("split.no", 0)
                        .u32("split.count", n)
                        .tensor("blk.1.w", GgmlType.Q4_K, 4096, 1024);
            }
            w.writeSparse(dir.resolve(String.format("model-%05d-of-%05d.gguf", i, n)));
            total += w.tensorBytes();
        }
        ModelSpec s = GgufReader.read(dir.resolve("model-00002-of-00003.gguf"));
        assertEquals(total, s.weights().bytes());
        assertEquals(3, s.weights().files().size());
        assertTrue(s.weights().files().get(0).endsWith("model-00001-of-00003.gguf"));
        assertTrue(
                s.notes().get(0).contains("3 tensors from 3 GGUF files"),
                s.notes().toString());

        Files.delete(dir.resolve("model-00003-of-00003.gguf"));
        ModelFileException e =
                assertThrows(ModelFileException.class, () -> GgufReader.read(dir.resolve("model-00001-of-00003.gguf")));
        assertTrue(e.getMessage().contains("split 3 of 3 is missing"), e.getMessage());
    }

    @Test
    void projectorAddsItsWeights() throws IOException {
        Path model = GgufFixtures.tiny().writeSparse(dir.resolve("m.gguf"));
        GgufTestWriter proj = new GgufTestWriter()
                .string("general.architecture", "clip")
                .tensor("mm.0.weight", GgmlType.F16, 1024, 4096)
                .tensor("v.blk.0.attn_q.weight", GgmlType.F16, 1024, 1024);
        Path mmproj = proj.writeSparse(dir.resolve("mmproj-m-f16.gguf"));
        ModelSpec base = GgufReader.read(model);
        ModelSpec both = GgufReader.withProjector(base, mmproj);
        assertEquals(base.weights().bytes() + proj.tensorBytes(), both.weights().bytes());
        assertEquals(base.parameters() + 1024 * 4096 + 1024 * 1024, both.parameters());
        assertEquals(2, both.weights().files().size());
        assertTrue(both.notes().stream().anyMatch(n -> n.startsWith("vision projector mmproj-m-f16.gguf")));
    }

    @Test
    void aGgufWithoutHeadCountIsRefusedNotSizedAtZeroKv() {
        // used to map to 0 heads, and so a KV cache of 0 bytes with exit 0
        GgufTestWriter w = new GgufTestWriter()
                .string("general.architecture", "llama")
                .u32("llama.block_count", 2)
                .u32("llama.embedding_length", 256)
                .tensor("token_embd.weight", GgmlType.F16, 256, 10);
        ModelFileException e = assertThrows(ModelFileException.class, () -> GgufFixtures.spec(w.toBytes()));
        assertEquals(
                "evil.gguf: llama.attention.head_count (attention heads) is missing or 0; it must be at least 1",
                e.getMessage());
    }

    @Test
    void kvHeadsThatDoNotDivideTheHeadsAreRefused() {
        GgufTestWriter w = arch("llama", 2).u32("llama.attention.head_count_kv", 3);
        ModelFileException e = assertThrows(ModelFileException.class, () -> GgufFixtures.spec(w.toBytes()));
        assertTrue(e.getMessage().contains("llama.attention.head_count_kv 3 KV heads do not divide"), e.getMessage());
    }
}
