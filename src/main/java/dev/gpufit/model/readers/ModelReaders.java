package dev.gpufit.model.readers;

import dev.gpufit.model.CatalogIdReader;
import dev.gpufit.model.ConfigJsonReader;
import dev.gpufit.model.HfAliasReader;
import dev.gpufit.model.ModelCatalog;
import dev.gpufit.model.ModelDirectoryReader;
import dev.gpufit.model.ModelReader;
import dev.gpufit.model.ModelResolver;
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
 * put readers that read more exact facts (file headers) before the ones that read less. It lives
 * apart from {@code model} so the model types sit below the format readers that produce them.
 */
public final class ModelReaders {
    private ModelReaders() {}

    /** Built-in catalog and the standard readers, no environment. */
    public static ModelResolver resolver() {
        ModelCatalog c = ModelCatalog.builtin();
        return new ModelResolver(c, standard(c, Map.of()));
    }

    /**
     * The resolver the command line uses: the catalog with the user's presets
     * ({@link ModelResolver#userCatalogFiles}) and the standard readers. The environment is read
     * by the caller and passed in.
     */
    public static ModelResolver resolver(Map<String, String> env, String userHome) {
        ModelCatalog c = ModelCatalog.withUserFiles(ModelResolver.userCatalogFiles(env, userHome));
        return new ModelResolver(c, standard(c, env));
    }

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
