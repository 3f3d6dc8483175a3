package dev.gpufit.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One preset of config/models.yaml: an id, more ids it answers to, the HF repo ids it stands for,
 * and the model's config.json fields (mapped by {@link HfConfigMapper}, like a real config.json).
 *
 * @param id      catalog id, e.g. "llama-3.1-8b"
 * @param aliases more catalog ids, e.g. "deepseek-r1" for the DeepSeek-V3 architecture
 * @param hf      HF repo ids, e.g. "meta-llama/Llama-3.1-8B"
 * @param config  config.json fields
 * @param origin  the file the preset came from, for messages
 * @param replaced where the preset of the same id that this one replaces came from (e.g. the
 *                 built-in models.yaml), or {@code null}
 */
public record CatalogEntry(
        String id, List<String> aliases, List<String> hf, JsonNode config, String origin, String replaced) {
    public CatalogEntry {
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
        hf = hf == null ? List.of() : List.copyOf(hf);
    }

    public CatalogEntry(String id, List<String> aliases, List<String> hf, JsonNode config, String origin) {
        this(id, aliases, hf, config, origin, null);
    }

    /** This preset, noted as replacing {@code earlier} (a preset with the same id from another file). */
    CatalogEntry replacing(CatalogEntry earlier) {
        return new CatalogEntry(id, aliases, hf, config, origin, earlier.origin());
    }

    /** The preset as a model spec, named by what the user typed. */
    public ModelSpec toSpec(String requestedAs) {
        ModelSpec spec = HfConfigMapper.map(config, requestedAs, "catalog", origin + " preset '" + id + "'");
        ModelSpec.Builder b = spec.toBuilder().hfRepoIds(hf);
        if (replaced != null) {
            List<String> notes = new java.util.ArrayList<>(spec.notes());
            notes.add("preset '" + id + "' from " + origin + " replaces the one of the same id in " + replaced);
            b.notes(notes);
        }
        return b.build();
    }
}
