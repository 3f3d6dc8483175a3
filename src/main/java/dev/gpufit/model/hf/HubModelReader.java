package dev.gpufit.model.hf;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gpufit.model.ConfigJsonReader;
import dev.gpufit.model.HfConfigMapper;
import dev.gpufit.model.ModelReader;
import dev.gpufit.model.ModelSpec;
import dev.gpufit.model.safetensors.SafetensorsCheckpoint;
import dev.gpufit.model.safetensors.SafetensorsDirectoryReader;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code --hub}: MODEL is an HF repo id read from the hub itself: config.json, then the
 * safetensors headers through Range requests (never the weights).
 */
public final class HubModelReader implements ModelReader {
    private final HubClient hub;
    private final String revision;

    public HubModelReader(HubClient hub, String revision) {
        this.hub = hub;
        this.revision = revision;
    }

    @Override
    public boolean accepts(String ref) {
        return ref.contains("/") && HfCache.isRepoId(ref);
    }

    @Override
    public ModelSpec read(String ref) {
        String where = hub.url(ref, revision, "config.json").toString();
        JsonNode config =
                ConfigJsonReader.parse(hub.fetch(ref, revision, "config.json", ConfigJsonReader.MAX_BYTES), where);
        ModelSpec spec = HfConfigMapper.map(config, ref, "config.json", where);
        SafetensorsCheckpoint c =
                HubSafetensors.checkpoint(hub, ref, revision, SafetensorsDirectoryReader.bitsHint(spec));
        ModelSpec withWeights = SafetensorsDirectoryReader.withWeights(spec, c);
        List<String> notes = new ArrayList<>(withWeights.notes());
        notes.add(
                0,
                "Hub: " + ref + " revision " + (revision == null ? "main" : revision)
                        + " (config.json and safetensors headers fetched, weights not downloaded)");
        return withWeights.toBuilder().notes(notes).build();
    }
}
