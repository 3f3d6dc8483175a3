package dev.gpufit.model;

import java.util.ArrayList;
import java.util.List;

/**
 * MODEL is an HF repo id that a catalog preset stands for ({@code meta-llama/Llama-3.1-8B}).
 * Readers of the local HF cache or the Hub, registered before this one, win when they find files.
 */
public final class HfAliasReader implements ModelReader {
    private final ModelCatalog catalog;

    public HfAliasReader(ModelCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public boolean accepts(String ref) {
        return catalog.byHfRepoId(ref).isPresent();
    }

    @Override
    public ModelSpec read(String ref) {
        CatalogEntry e = catalog.byHfRepoId(ref).orElseThrow();
        ModelSpec spec = e.toSpec(ref);
        List<String> notes = new ArrayList<>(spec.notes());
        notes.add(0, "architecture from the catalog preset '" + e.id() + "' (an alias of " + ref + "); no files read");
        return spec.toBuilder().notes(notes).build();
    }
}
