package dev.gpufit.model;

import java.util.List;
import java.util.Map;

/**
 * The one place where readers are registered, in the order they are asked. To add a reader
 * (safetensors directory, .gguf file, HF cache, Hub), add one line here: earlier readers win, so
 * put readers that read more exact facts (file headers) before the ones that read less.
 */
public final class ModelReaders {
    private ModelReaders() {}

    /**
     * @param catalog the presets
     * @param env     the process environment (HF_HOME, HF_ENDPOINT ... for readers that need them)
     */
    public static List<ModelReader> standard(ModelCatalog catalog, Map<String, String> env) {
        return List.of(
                new CatalogIdReader(catalog),
                new HfAliasReader(catalog),
                new ConfigJsonReader(),
                new ModelDirectoryReader());
    }
}
