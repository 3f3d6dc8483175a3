package dev.gpufit.app;

import dev.gpufit.BadInputException;
import dev.gpufit.model.ModelResolver;
import dev.gpufit.model.ModelSpec;
import dev.gpufit.model.gguf.GgufReader;
import dev.gpufit.model.hf.HfCache;
import dev.gpufit.model.hf.HfCacheReader;
import dev.gpufit.model.hf.HubClient;
import dev.gpufit.model.hf.HubModelReader;
import java.util.Map;
import java.util.function.Supplier;

/** Turns a {@link ModelRequest} into the model: manual numbers, or a reference read by the resolver. */
public final class ModelLookup {
    private ModelLookup() {}

    /**
     * @param resolver the resolver, asked for only when a reference is given (manual numbers read
     *                 no catalog)
     * @param env      the environment for the Hub (HF_ENDPOINT, HF_TOKEN) and a revision (the HF
     *                 cache location)
     */
    public static ModelSpec resolve(
            ModelRequest r, Supplier<ModelResolver> resolver, Map<String, String> env, FieldNames names) {
        ModelSpec spec;
        if (r.manual().isGiven()) {
            checkRepoOptions(r, names);
            if (r.reference() != null) {
                throw new BadInputException(
                        "give " + names.of(Field.MODEL) + " or manual numbers (" + manualFields(names) + "), not both");
            }
            spec = r.manual().toSpec(names);
        } else {
            ModelResolver base = withRepoOptions(r, resolver.get(), env, names);
            if (r.reference() == null) {
                throw new BadInputException("no model given: name " + names.of(Field.MODEL)
                        + " (e.g. llama-3.1-8b) or give " + names.of(Field.PARAMS) + ", " + names.of(Field.LAYERS)
                        + " and " + names.of(Field.HIDDEN));
            }
            spec = base.resolve(r.reference(), r.acceptGeneric());
        }
        return r.mmproj() == null ? spec : GgufReader.withProjector(spec, r.mmproj());
    }

    private static String manualFields(FieldNames names) {
        return names.of(Field.PARAMS) + " " + names.of(Field.LAYERS) + " " + names.of(Field.HIDDEN);
    }

    /** A hub or revision applies to an HF repo id only. */
    private static void checkRepoOptions(ModelRequest r, FieldNames names) {
        if (!r.hub() && r.revision() == null) {
            return;
        }
        String model = r.reference();
        if (model == null || !HfCache.isRepoId(model.strip())) {
            throw new BadInputException(names.of(r.hub() ? Field.HUB : Field.REVISION)
                    + " applies to an HF repo id (org/name), not "
                    + (model == null ? "manual numbers" : "'" + model + "'"));
        }
    }

    /** The hub and a revision put a reader for that source first. */
    private static ModelResolver withRepoOptions(
            ModelRequest r, ModelResolver resolver, Map<String, String> env, FieldNames names) {
        if (!r.hub() && r.revision() == null) {
            return resolver;
        }
        checkRepoOptions(r, names);
        String model = r.reference();
        if (r.hub()) {
            return resolver.withReaderFirst(
                    new HubModelReader(new HubClient(HubClient.Config.fromEnv(env)), r.revision()));
        }
        HfCache cache = HfCache.fromEnv(env)
                .orElseThrow(() -> new BadInputException(
                        names.of(Field.REVISION) + ": the HF cache cannot be located (set HF_HOME or HOME)"));
        if (!cache.contains(model.strip())) {
            throw new BadInputException(model + " is not in the HF cache at " + cache.hubDir() + "; add "
                    + names.of(Field.HUB) + " to read it from the Hub");
        }
        return resolver.withReaderFirst(new HfCacheReader(cache, r.revision()));
    }
}
