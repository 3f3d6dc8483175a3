package dev.gpufit.model;

/** MODEL is a catalog id or id alias: {@code llama-3.1-8b}, {@code deepseek-r1}. */
public final class CatalogIdReader implements ModelReader {
    private final ModelCatalog catalog;

    public CatalogIdReader(ModelCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public boolean accepts(String ref) {
        return catalog.byId(ref).isPresent();
    }

    @Override
    public ModelSpec read(String ref) {
        return catalog.byId(ref).orElseThrow().toSpec(ref);
    }
}
