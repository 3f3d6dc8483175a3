package dev.gpufit.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gpufit.BadInputException;
import dev.gpufit.model.CatalogIdReader;
import dev.gpufit.model.ModelCatalog;
import dev.gpufit.model.ModelReader;
import dev.gpufit.model.ModelResolver;
import dev.gpufit.model.ModelSpec;
import dev.gpufit.model.files.ModelFixtures;
import dev.gpufit.model.hf.HfCache;
import dev.gpufit.model.hf.HfCacheReader;
import dev.gpufit.model.readers.ModelReaders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent reads a model's files once, and again only when the HF cache holds a new snapshot. */
class ResolvedModelsTest {
    static final String A = "0123456789abcdef0123456789abcdef01234567";
    static final String B = "89abcdef0123456789abcdef0123456789abcdef";

    @TempDir
    Path tmp;

    /** Counts the reads that open files, around the real HF cache reader. */
    record Counting(ModelReader inner, AtomicInteger reads) implements ModelReader {
        @Override
        public boolean accepts(String ref) {
            return inner.accepts(ref);
        }

        @Override
        public ModelSpec read(String ref) {
            reads.incrementAndGet();
            return inner.read(ref);
        }
    }

    private Path snapshot(Path repo, String commit) throws IOException {
        Path snap = Files.createDirectories(repo.resolve("snapshots").resolve(commit));
        ModelFixtures.writeLlama3(snap);
        return snap;
    }

    @Test
    void theSameIdIsReadOnceAndAMovedRefIsPickedUp() throws IOException {
        HfCache cache = new HfCache(tmp.resolve("hub"));
        Path repo = cache.repoDir("acme/tiny");
        Files.createDirectories(repo.resolve("refs"));
        Files.writeString(repo.resolve("refs/main"), A);
        snapshot(repo, A);
        AtomicInteger reads = new AtomicInteger();
        ModelCatalog catalog = ModelCatalog.builtin();
        ModelResolver resolver = new ModelResolver(
                catalog, List.of(new CatalogIdReader(catalog), new Counting(new HfCacheReader(cache, null), reads)));
        ResolvedModels models = new ResolvedModels(resolver::resolve, Optional.of(cache));

        ModelSpec first = models.resolve("acme/tiny");
        assertSame(first, models.resolve("acme/tiny"));
        assertEquals(1, reads.get());
        assertTrue(first.notes().get(0).contains(A), first.notes().toString());

        snapshot(repo, B);
        Files.writeString(repo.resolve("refs/main"), B); // a new download moved main
        ModelSpec second = models.resolve("acme/tiny");
        assertEquals(2, reads.get());
        assertTrue(second.notes().get(0).contains(B), second.notes().toString());
        assertSame(second, models.resolve("acme/tiny"));
        assertEquals(2, reads.get());
    }

    @Test
    void catalogIdsAreRememberedAndFailuresAreNot() {
        AtomicInteger calls = new AtomicInteger();
        ModelResolver resolver = ModelReaders.resolver();
        ResolvedModels models = new ResolvedModels(
                ref -> {
                    calls.incrementAndGet();
                    return resolver.resolve(ref);
                },
                Optional.empty());
        assertSame(models.resolve("llama-3.1-8b"), models.resolve("llama-3.1-8b"));
        assertEquals(1, calls.get());
        assertThrows(BadInputException.class, () -> models.resolve("no-such-model"));
        assertThrows(BadInputException.class, () -> models.resolve("no-such-model"));
        assertEquals(3, calls.get());
    }
}
