package dev.gpufit.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gpufit.BadInputException;
import dev.gpufit.estimate.Engine;
import dev.gpufit.estimate.KvPrecision;
import dev.gpufit.estimate.MemoryEstimate;
import dev.gpufit.estimate.MemoryEstimator;
import dev.gpufit.estimate.Method;
import dev.gpufit.estimate.ParameterCounter;
import dev.gpufit.estimate.Platform;
import dev.gpufit.estimate.Workload;
import dev.gpufit.model.readers.ModelReaders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CatalogTest {
    private static final ModelResolver RESOLVER = ModelReaders.resolver();

    private static MemoryEstimate at16Bits(ModelSpec spec, long context) {
        return MemoryEstimator.estimate(
                spec,
                new Workload(
                        1,
                        context,
                        null,
                        KvPrecision.of("f16"),
                        Engine.GENERIC,
                        Method.DETAILED,
                        Platform.LINUX,
                        1,
                        Map.of()));
    }

    /** The must-show figures through catalog ids and through HF repo ids. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "llama-2-7b,      meta-llama/Llama-2-7b-hf,            6738415616,   524288",
        "llama-3-8b,      meta-llama/Meta-Llama-3-8B,          8030261248,   131072",
        "llama-3.1-8b,    meta-llama/Llama-3.1-8B-Instruct,    8030261248,   131072",
        "mistral-7b,      mistralai/Mistral-7B-v0.1,           7241732096,   131072",
        "qwen2.5-0.5b,    Qwen/Qwen2.5-0.5B-Instruct,          494032768,    12288",
        "qwen3-8b,        Qwen/Qwen3-8B,                       8190735360,   147456",
        "gemma-2-9b,      google/gemma-2-9b-it,                9241705984,   344064",
        "phi-3-mini-4k,   microsoft/Phi-3-mini-4k-instruct,    3821079552,   393216",
        "mixtral-8x7b,    mistralai/Mixtral-8x7B-Instruct-v0.1, 46702792704, 131072",
        "qwen3-30b-a3b,   Qwen/Qwen3-30B-A3B,                  30532122624,  98304",
        "deepseek-v3,     deepseek-ai/DeepSeek-V3,             671026419200, 70272",
        "deepseek-r1,     deepseek-ai/DeepSeek-R1,             671026419200, 70272",
        "gpt-oss-20b,     openai/gpt-oss-20b,                  20914757184,  49152",
        "gpt-oss-120b,    openai/gpt-oss-120b,                 116829156672, 73728",
        "gpt2,            openai-community/gpt2,               124439808,    36864",
        "falcon-7b,       tiiuae/falcon-7b,                    6921720704,   8192",
    })
    void catalogAndHfIdsGiveTheSameNumbers(String id, String hf, long params, long kvPerToken) {
        for (String ref : List.of(id, hf, hf.toLowerCase())) {
            ModelSpec spec = RESOLVER.resolve(ref);
            assertEquals(params, ParameterCounter.count(spec).total(), ref);
            assertEquals(kvPerToken, at16Bits(spec, 1000).kvBytesPerToken(), ref);
            assertEquals(ref, spec.id());
            assertEquals("catalog", spec.source());
        }
    }

    @Test
    void gemma2SlidingCapThroughTheCatalog() {
        MemoryEstimate e = at16Bits(RESOLVER.resolve("google/gemma-2-9b"), 8192);
        assertEquals(21L * 8192 * 8192 + 21L * 8192 * 4096, e.kvCacheBytes());
    }

    @Test
    void catalogHasAtLeastThirtyPresetsAndAllMap() {
        ModelCatalog c = ModelCatalog.builtin();
        assertTrue(c.entries().size() >= 30, "presets: " + c.entries().size());
        for (CatalogEntry e : c.entries()) {
            ModelSpec s = e.toSpec(e.id());
            assertTrue(ParameterCounter.count(s).total() > 0, e.id());
            assertFalse(e.hf().isEmpty(), e.id() + " has no HF repo id");
            MemoryEstimate est = MemoryEstimator.estimate(s, Workload.defaults());
            assertTrue(est.totalBytes() > 0, e.id() + " total");
            assertTrue(est.kvCacheBytes() > 0, e.id() + " KV cache");
            assertTrue(est.weightsBytes() > 0 && est.weightsBytes() < est.totalBytes(), e.id() + " weights");
        }
        Set<String> ids = c.entries().stream().map(CatalogEntry::id).collect(Collectors.toSet());
        for (String required : List.of(
                "llama-2-7b",
                "llama-2-13b",
                "llama-2-70b",
                "llama-3-8b",
                "llama-3-70b",
                "llama-3.1-8b",
                "llama-3.1-70b",
                "llama-3.1-405b",
                "llama-3.2-1b",
                "llama-3.2-3b",
                "mistral-7b",
                "mixtral-8x7b",
                "mixtral-8x22b",
                "qwen2.5-0.5b",
                "qwen2.5-7b",
                "qwen2.5-14b",
                "qwen2.5-32b",
                "qwen2.5-72b",
                "qwen3-8b",
                "qwen3-32b",
                "qwen3-30b-a3b",
                "qwen3-235b-a22b",
                "gemma-2-9b",
                "gemma-2-27b",
                "gemma-3-27b",
                "phi-3-mini-4k",
                "phi-4",
                "deepseek-v2-lite",
                "deepseek-v3",
                "gpt-oss-20b",
                "gpt-oss-120b",
                "falcon-7b",
                "gpt2")) {
            assertTrue(ids.contains(required), required);
        }
    }

    @Test
    void publishedSizesOfOtherPresets() {
        // computed from the formulas; the labels (1.24B, 3.21B, 70.6B, 405.9B, 15.7B, 235B) agree
        assertEquals(
                1_235_814_400L,
                ParameterCounter.count(RESOLVER.resolve("llama-3.2-1b")).total());
        assertEquals(
                3_212_749_824L,
                ParameterCounter.count(RESOLVER.resolve("llama-3.2-3b")).total());
        assertEquals(
                70_553_706_496L,
                ParameterCounter.count(RESOLVER.resolve("llama-3.1-70b")).total());
        assertEquals(
                405_853_388_800L,
                ParameterCounter.count(RESOLVER.resolve("llama-3.1-405b")).total());
        assertEquals(
                15_706_484_224L,
                ParameterCounter.count(RESOLVER.resolve("deepseek-v2-lite")).total());
        assertEquals(
                235_093_634_560L,
                ParameterCounter.count(RESOLVER.resolve("qwen3-235b-a22b")).total());
    }

    @Test
    void closestIdsByEditDistance() {
        BadInputException e = assertThrows(BadInputException.class, () -> RESOLVER.resolve("qwen3-8"));
        assertTrue(e.getMessage().contains("qwen3-8b"), e.getMessage());
        assertEquals(
                "gpt-oss-20b",
                ModelCatalog.builtin().closestIds("gpt-oss-21b", 1).get(0));
        assertEquals(
                "llama-3.1-8b",
                ModelCatalog.builtin().closestIds("meta-llama/Llama-3.1-8X", 1).get(0));
    }

    @Test
    void userCatalogAddsAndReplacesPresets(@TempDir Path dir) throws Exception {
        Path user = dir.resolve("models.yaml");
        Files.writeString(user, """
                models:
                  - id: my-llama
                    hf: [me/my-llama]
                    config: {model_type: llama, vocab_size: 32000, hidden_size: 4096, intermediate_size: 11008,
                             num_hidden_layers: 32, num_attention_heads: 32, torch_dtype: float16}
                  - id: gpt2
                    config: {model_type: gpt2, vocab_size: 50257, n_embd: 768, n_layer: 6, n_head: 12, n_positions: 1024}
                """);
        ModelResolver r = ModelReaders.resolver(Map.of(ModelResolver.MODELS_ENV, user.toString()), null);
        assertEquals(
                6_738_415_616L, ParameterCounter.count(r.resolve("me/my-llama")).total());
        assertEquals(6, r.resolve("gpt2").layers());
        assertEquals(32, r.resolve("llama-2-7b").layers()); // built-ins still there
        // gpt2 replaced a built-in preset: the answer says so and names the user's file
        assertTrue(
                r.resolve("gpt2")
                        .notes()
                        .contains("preset 'gpt2' from " + user
                                + " replaces the one of the same id in models.yaml (built-in)"),
                r.resolve("gpt2").notes().toString());
        assertTrue(r.resolve("my-llama").notes().stream().noneMatch(n -> n.contains("replaces")));
        assertTrue(r.resolve("llama-2-7b").notes().stream().noneMatch(n -> n.contains("replaces")));
    }

    @Test
    void aDirectoryAsUserCatalogIsNotARegularFile(@TempDir Path dir) {
        BadInputException e = assertThrows(
                BadInputException.class,
                () -> ModelReaders.resolver(Map.of(ModelResolver.MODELS_ENV, dir.toString()), null));
        assertEquals("model catalog " + dir + ": not a regular file (expected a models.yaml file)", e.getMessage());
    }

    @Test
    void userCatalogFromHomeDirectory(@TempDir Path home) throws Exception {
        Path f = home.resolve(".config/gpufit/models.yaml");
        Files.createDirectories(f.getParent());
        Files.writeString(
                f,
                "models:\n  - id: tiny\n    config: {model_type: gpt2, vocab_size: 100, n_embd: 64, n_layer: 2, n_head: 2, n_positions: 128}\n");
        assertEquals(
                2,
                ModelReaders.resolver(Map.of(), home.toString()).resolve("tiny").layers());
    }

    @Test
    void missingUserCatalogNamedByEnvIsAnError(@TempDir Path dir) {
        BadInputException e = assertThrows(
                BadInputException.class,
                () -> ModelReaders.resolver(
                        Map.of(
                                ModelResolver.MODELS_ENV,
                                dir.resolve("nope.yaml").toString()),
                        null));
        assertTrue(e.getMessage().contains("nope.yaml"), e.getMessage());
    }

    @Test
    void malformedPresetNamesTheFileAndField() {
        BadInputException e = assertThrows(
                BadInputException.class,
                () -> ModelCatalog.of(
                                "models:\n  - id: x\n    config: {model_type: llama, hidden_size: 64}\n", "mine.yaml")
                        .byId("x")
                        .orElseThrow()
                        .toSpec("x"));
        assertTrue(
                e.getMessage().contains("mine.yaml") && e.getMessage().contains("num_hidden_layers"), e.getMessage());
    }

    @Test
    void registeredReaderIsAskedFirst() {
        ModelSpec fake = ModelSpec.builder()
                .id("x.gguf")
                .source("gguf")
                .architecture("llama")
                .layers(1)
                .hiddenSize(8)
                .attentionHeads(1)
                .kvHeads(1)
                .headDim(8)
                .vocabSize(10)
                .intermediateSize(16)
                .build();
        ModelReader gguf = new ModelReader() {
            @Override
            public boolean accepts(String ref) {
                return ref.endsWith(".gguf");
            }

            @Override
            public ModelSpec read(String ref) {
                return fake;
            }
        };
        assertEquals("gguf", RESOLVER.withReaderFirst(gguf).resolve("x.gguf").source());
        assertThrows(BadInputException.class, () -> RESOLVER.resolve("x.gguf"));
    }

    @Test
    void builtinPresetsFromThePackagedJsonEqualTheYamlSource() throws Exception {
        String yaml = Files.readString(Path.of("config", "models.yaml"));
        assertEquals(
                ModelCatalog.of(yaml, "models.yaml (built-in)").entries(),
                ModelCatalog.builtin().entries());
    }
}
