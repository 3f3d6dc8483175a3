package dev.gpufit.app;

import dev.gpufit.BadInputException;
import dev.gpufit.model.ModelSpec;
import dev.gpufit.model.hf.HfCache;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The agent's resolved models, remembered: it answers every {@code /v1/fit} and re-judges every
 * watched model each probe TTL, and an HF-cache model costs a config.json and every safetensors
 * header per resolution. A model from the local HF cache is keyed by name, the snapshot commit
 * {@code refs/main} points at and the snapshot directory's modification time, so a new download
 * (a moved ref, or files added to a partial snapshot) is read afresh; the cost per lookup is one
 * small file read and a stat. Failures are not remembered. At most {@link #MAX} entries, least
 * recently used dropped first.
 */
final class ResolvedModels {
    static final int MAX = 64;

    private final Function<String, ModelSpec> resolver;
    private final Optional<HfCache> cache;
    private final Map<String, ModelSpec> memo = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ModelSpec> eldest) {
            return size() > MAX;
        }
    };

    ResolvedModels(Function<String, ModelSpec> resolver, Optional<HfCache> cache) {
        this.resolver = resolver;
        this.cache = cache;
    }

    ModelSpec resolve(String ref) {
        String key = key(ref);
        synchronized (memo) {
            ModelSpec hit = memo.get(key);
            if (hit != null) {
                return hit;
            }
        }
        // read outside the lock: a slow read must not hold up answers for other models
        ModelSpec spec = resolver.apply(ref);
        synchronized (memo) {
            memo.put(key, spec);
        }
        return spec;
    }

    private String key(String ref) {
        if (cache.isEmpty() || !cache.get().contains(ref)) {
            return ref;
        }
        // keys of their own, so an answer remembered before the download is not served instead
        Optional<Path> snap;
        try {
            snap = cache.get().snapshot(ref, null);
        } catch (BadInputException e) {
            return ref + "@unreadable";
        }
        if (snap.isEmpty()) {
            return ref + "@no-snapshot";
        }
        try {
            return ref + "@" + snap.get().getFileName() + "@"
                    + Files.getLastModifiedTime(snap.get()).toMillis();
        } catch (IOException e) {
            return ref + "@" + snap.get().getFileName();
        }
    }
}
