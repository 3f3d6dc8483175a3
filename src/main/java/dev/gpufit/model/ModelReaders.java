package dev.gpufit.model;

import dev.gpufit.model.gguf.GgufFileReader;
import dev.gpufit.model.hf.HfCache;
import dev.gpufit.model.hf.HfCacheReader;
import dev.gpufit.model.safetensors.SafetensorsDirectoryReader;
import java.util.ArrayList;
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
        List<ModelReader> readers = new ArrayList<>();
        readers.add(new CatalogIdReader(catalog));
        readers.add(new GgufFileReader());
        HfCache.fromEnv(env).ifPresent(cache -> readers.add(new HfCacheReader(cache, null)));
        readers.add(new HfAliasReader(catalog));
        readers.add(new SafetensorsDirectoryReader()); // before config.json: an index is a .json too
        readers.add(new ConfigJsonReader());
        readers.add(new ModelDirectoryReader());
        return List.copyOf(readers);
    }
}
