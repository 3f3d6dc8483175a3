package dev.gpufit.model.hf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gpufit.BadInputException;
import dev.gpufit.model.ModelSpec;
import dev.gpufit.model.files.ModelFixtures;
import dev.gpufit.model.readers.ModelReaders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HF cache location and snapshot resolution, on a fake cache laid out as huggingface_hub writes it. */
class HfCacheTest {
    static final String MAIN = "0123456789abcdef0123456789abcdef01234567";
    static final String V2 = "89abcdef0123456789abcdef0123456789abcdef";

    @TempDir
    Path tmp;

    @Test
    void hubDirFollowsHuggingfaceHubPrecedence() {
        Map<String, String> all = Map.of(
                "HF_HUB_CACHE",
                "/a/hub",
                "HUGGINGFACE_HUB_CACHE",
                "/b/hub",
                "HF_HOME",
                "/c",
                "XDG_CACHE_HOME",
                "/d",
                "HOME",
                "/home/u");
        assertEquals(Optional.of(Path.of("/a/hub")), HfCache.hubDir(all));
        assertEquals(Optional.of(Path.of("/b/hub")), HfCache.hubDir(without(all, "HF_HUB_CACHE")));
        assertEquals(
                Optional.of(Path.of("/c/hub")), HfCache.hubDir(without(all, "HF_HUB_CACHE", "HUGGINGFACE_HUB_CACHE")));
        assertEquals(
                Optional.of(Path.of("/d/huggingface/hub")),
                HfCache.hubDir(without(all, "HF_HUB_CACHE", "HUGGINGFACE_HUB_CACHE", "HF_HOME")));
        assertEquals(Optional.of(Path.of("/home/u/.cache/huggingface/hub")), HfCache.hubDir(Map.of("HOME", "/home/u")));
        assertEquals(
                Optional.of(Path.of("/home/u/hf/hub")), HfCache.hubDir(Map.of("HOME", "/home/u", "HF_HOME", "~/hf")));
        assertEquals(Optional.empty(), HfCache.hubDir(Map.of()));
    }

    private static Map<String, String> without(Map<String, String> m, String... keys) {
        Map<String, String> out = new java.util.HashMap<>(m);
        for (String k : keys) {
            out.remove(k);
        }
        return out;
    }

    @Test
    void repoIdsAreRecognised() {
        assertTrue(HfCache.isRepoId("Qwen/Qwen2.5-7B-Instruct"));
        assertTrue(HfCache.isRepoId("gpt2"));
        assertFalse(HfCache.isRepoId("a/b/c"));
        assertFalse(HfCache.isRepoId("../etc"));
        assertFalse(HfCache.isRepoId("org/na--me"));
        assertFalse(HfCache.isRepoId("./model"));
        assertFalse(HfCache.isRepoId("/abs/path"));
    }

    /** models--Qwen--Qwen2.5-7B-Instruct with main and a v2 tag, files as symlinks into blobs/. */
    private Path fakeCache() throws IOException {
        Path hub = tmp.resolve("hub");
        Path repo = hub.resolve("models--Qwen--Qwen2.5-7B-Instruct");
        Files.createDirectories(repo.resolve("refs"));
        Files.writeString(repo.resolve("refs/main"), MAIN); // huggingface_hub writes no newline
        Files.writeString(repo.resolve("refs/v2"), V2 + "\n");
        Path blobs = Files.createDirectories(repo.resolve("blobs"));
        Path main = Files.createDirectories(repo.resolve("snapshots").resolve(MAIN));
        Files.createDirectories(repo.resolve("snapshots").resolve(V2));
        // weights for main: Llama-3-8B shapes, written as blobs and linked like the real cache
        Path staging = Files.createDirectories(tmp.resolve("staging"));
        ModelFixtures.writeLlama3(staging);
        try (var files = Files.list(staging)) {
            for (Path f : files.toList()) {
                Path blob = Files.move(f, blobs.resolve("blob-" + f.getFileName()));
                // relative, like huggingface_hub: snapshots/<commit>/f -> ../../blobs/<hash>
                Files.createSymbolicLink(main.resolve(f.getFileName().toString()), main.relativize(blob));
            }
        }
        Files.writeString(repo.resolve("snapshots").resolve(V2).resolve("config.json"), ModelFixtures.LLAMA3_8B_CONFIG);
        return hub;
    }

    @Test
    void refsMainLeadsToTheSnapshot() throws IOException {
        HfCache cache = new HfCache(fakeCache());
        assertTrue(cache.contains("Qwen/Qwen2.5-7B-Instruct"));
        assertFalse(cache.contains("Qwen/Other"));
        assertEquals(
                MAIN,
                cache.snapshot("Qwen/Qwen2.5-7B-Instruct", null)
                        .orElseThrow()
                        .getFileName()
                        .toString());
        assertEquals(
                V2,
                cache.snapshot("Qwen/Qwen2.5-7B-Instruct", "v2")
                        .orElseThrow()
                        .getFileName()
                        .toString());
        assertEquals(
                V2,
                cache.snapshot("Qwen/Qwen2.5-7B-Instruct", V2)
                        .orElseThrow()
                        .getFileName()
                        .toString(),
                "a commit hash goes straight to its snapshot");
        assertEquals(Optional.empty(), cache.snapshot("Qwen/Qwen2.5-7B-Instruct", "v3"));
        assertEquals(
                Optional.empty(),
                cache.snapshot("Qwen/Qwen2.5-7B-Instruct", "ffffffffffffffffffffffffffffffffffffffff"));
        assertThrows(BadInputException.class, () -> cache.snapshot("Qwen/Qwen2.5-7B-Instruct", "../../../etc/passwd"));
    }

    @Test
    void cacheReaderReadsConfigAndWeightsOfTheRevision() throws IOException {
        HfCache cache = new HfCache(fakeCache());
        ModelSpec main = new HfCacheReader(cache, null).read("Qwen/Qwen2.5-7B-Instruct");
        assertEquals("Qwen/Qwen2.5-7B-Instruct", main.id());
        assertEquals(
                ModelFixtures.LLAMA3_8B_BF16_BYTES + ModelFixtures.INV_FREQ_BYTES,
                main.weights().bytes());
        assertEquals(ModelFixtures.LLAMA3_8B_PARAMETERS, main.parameters());
        assertEquals(32, main.layers());
        assertTrue(
                main.notes().get(0).startsWith("HF cache: Qwen/Qwen2.5-7B-Instruct revision main = snapshot " + MAIN),
                main.notes().toString());

        ModelSpec v2 = new HfCacheReader(cache, "v2").read("Qwen/Qwen2.5-7B-Instruct");
        assertEquals(null, v2.weights(), "the v2 snapshot has only config.json");
        assertTrue(v2.notes().get(0).contains("config.json only"), v2.notes().toString());

        BadInputException e = assertThrows(
                BadInputException.class, () -> new HfCacheReader(cache, "v3").read("Qwen/Qwen2.5-7B-Instruct"));
        assertTrue(e.getMessage().contains("revision 'v3' is not in the HF cache"), e.getMessage());
    }

    @Test
    void resolverFindsRepoIdsInTheCacheNamedByTheEnvironment() throws IOException {
        Path hub = fakeCache();
        ModelSpec viaHubCache = ModelReaders.resolver(Map.of("HF_HUB_CACHE", hub.toString()), null)
                .resolve("Qwen/Qwen2.5-7B-Instruct");
        assertEquals("safetensors", viaHubCache.source());

        Path home = tmp.resolve("hf-home");
        Files.move(hub, Files.createDirectories(home).resolve("hub"));
        ModelSpec viaHfHome =
                ModelReaders.resolver(Map.of("HF_HOME", home.toString()), null).resolve("Qwen/Qwen2.5-7B-Instruct");
        assertEquals("safetensors", viaHfHome.source(), "HF_HOME/hub");

        ModelSpec hubCacheWins = ModelReaders.resolver(
                        Map.of(
                                "HF_HOME",
                                home.toString(),
                                "HF_HUB_CACHE",
                                tmp.resolve("elsewhere").toString()),
                        null)
                .resolve("Qwen/Qwen2.5-7B-Instruct");
        assertEquals(
                "catalog",
                hubCacheWins.source(),
                "HF_HUB_CACHE wins over HF_HOME; it names an empty cache, so the catalog preset answers");
    }
}
