package dev.gpufit.model.hf;

import dev.gpufit.BadInputException;
import dev.gpufit.model.ConfigJsonReader;
import dev.gpufit.model.ModelReader;
import dev.gpufit.model.ModelSpec;
import dev.gpufit.model.safetensors.SafetensorsDirectoryReader;
import dev.gpufit.model.safetensors.SafetensorsReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * MODEL is an HF repo id ({@code Qwen/Qwen2.5-7B-Instruct}) that the local HF cache holds: read
 * the snapshot of the revision (default main) like a model directory. Registered before the
 * catalog-alias reader, so downloaded files win over a preset with the same repo id.
 */
public final class HfCacheReader implements ModelReader {
    private final HfCache cache;
    private final String revision;

    /**
     * @param cache    the hub cache (see {@link HfCache#fromEnv})
     * @param revision branch, tag or commit ({@code --revision}); {@code null} for main
     */
    public HfCacheReader(HfCache cache, String revision) {
        this.cache = cache;
        this.revision = revision;
    }

    @Override
    public boolean accepts(String ref) {
        return HfCache.isRepoId(ref) && cache.contains(ref);
    }

    @Override
    public ModelSpec read(String ref) {
        String rev = revision == null ? "main" : revision;
        Path snap = cache.snapshot(ref, revision)
                .orElseThrow(() -> new BadInputException(ref + ": revision '" + rev + "' is not in the HF cache at "
                        + cache.repoDir(ref) + " (download it, or use --hub)"));
        if (!Files.isRegularFile(snap.resolve("config.json"))) {
            throw new BadInputException(
                    ref + ": the cached snapshot " + snap + " has no config.json (partial download?)");
        }
        boolean weights = SafetensorsReader.hasWeights(snap); // lists the snapshot: once
        ModelSpec spec = weights
                ? SafetensorsDirectoryReader.readDirectory(snap, ref)
                : ConfigJsonReader.readFile(snap.resolve("config.json"), ref);
        List<String> notes = new ArrayList<>(spec.notes());
        notes.add(
                0,
                "HF cache: " + ref + " revision " + rev + " = snapshot " + snap.getFileName()
                        + (weights ? "" : " (config.json only: no safetensors weights cached)"));
        return spec.toBuilder().notes(notes).build();
    }
}
