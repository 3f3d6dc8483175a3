package dev.gpufit.model;

import dev.gpufit.BadInputException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns MODEL (catalog id, HF repo id, config.json path, model directory ...) into a
 * {@link ModelSpec} by asking its readers in order. When none accepts, the error lists the closest
 * catalog ids.
 */
public final class ModelResolver {
    /** Environment variable naming a user models.yaml whose presets add to the built-in ones. */
    public static final String MODELS_ENV = "GPUFIT_MODELS";

    private final ModelCatalog catalog;
    private final List<ModelReader> readers;

    public ModelResolver(ModelCatalog catalog, List<ModelReader> readers) {
        this.catalog = catalog;
        this.readers = List.copyOf(readers);
    }

    /**
     * The user's preset files: {@code $GPUFIT_MODELS} (a file path) or else
     * {@code ~/.config/gpufit/models.yaml} when it exists. The environment is read by the caller.
     */
    public static List<Path> userCatalogFiles(Map<String, String> env, String userHome) {
        List<Path> files = new ArrayList<>();
        String explicit = env.get(MODELS_ENV);
        if (explicit != null && !explicit.isBlank()) {
            files.add(Path.of(explicit)); // named explicitly: a missing file is an error
        } else if (userHome != null) {
            Path p = Path.of(userHome, ".config", "gpufit", "models.yaml");
            if (Files.isRegularFile(p)) {
                files.add(p);
            }
        }
        return files;
    }

    /** A resolver that asks {@code reader} before all others. */
    public ModelResolver withReaderFirst(ModelReader reader) {
        List<ModelReader> all = new ArrayList<>();
        all.add(reader);
        all.addAll(readers);
        return new ModelResolver(catalog, all);
    }

    public ModelCatalog catalog() {
        return catalog;
    }

    /** Resolves {@code ref}, refusing a model gpufit could only approximate ({@link GenericEstimateGate}). */
    public ModelSpec resolve(String ref) {
        return resolve(ref, false);
    }

    /**
     * @param acceptGeneric take a model with unmodelled size-bearing fields as an approximate
     *                      generic estimate (marked {@link ModelSpec#approximate()}) instead of
     *                      refusing it
     */
    public ModelSpec resolve(String ref, boolean acceptGeneric) {
        return GenericEstimateGate.check(read(ref), acceptGeneric);
    }

    private ModelSpec read(String ref) {
        if (ref == null || ref.isBlank()) {
            throw new BadInputException(
                    "no model given: name a catalog id, an HF repo id, a config.json or a model directory");
        }
        String r = ref.strip();
        for (ModelReader reader : readers) {
            if (accepts(reader, r)) {
                return reader.read(r);
            }
        }
        throw notFound(r);
    }

    private static boolean accepts(ModelReader reader, String ref) {
        try {
            return reader.accepts(ref);
        } catch (InvalidPathException e) {
            return false; // not a path on this OS; let the next reader try
        }
    }

    /**
     * Whether a reference that names nothing here was meant as a path, so the error says the file
     * is missing instead of suggesting unrelated catalog ids. Catalog ids never contain '/', and an
     * HF repo id is exactly {@code owner/name} with neither part starting with a dot.
     */
    static boolean looksLikePath(String ref) {
        String lower = ref.toLowerCase(Locale.ROOT);
        if (ref.startsWith("/")
                || ref.startsWith("./")
                || ref.startsWith("../")
                || ref.startsWith("~")
                || ref.equals(".")
                || ref.equals("..")
                || ref.contains("\\")) {
            return true;
        }
        for (String ext : List.of(".gguf", ".json", ".safetensors", ".yaml", ".yml")) {
            if (lower.endsWith(ext)) {
                return true;
            }
        }
        String[] parts = ref.split("/", -1);
        return parts.length > 2 || (parts.length == 2 && (parts[0].isEmpty() || parts[1].isEmpty()));
    }

    private BadInputException notFound(String ref) {
        Path p = null;
        try {
            p = Path.of(ref);
        } catch (InvalidPathException ignored) {
            // not a path
        }
        if (p != null && Files.isDirectory(p)) {
            return new BadInputException(ref + ": directory has no config.json (and no reader for its files)");
        }
        if (p != null && Files.exists(p)) {
            return new BadInputException(ref
                    + ": not a model file gpufit can read (expected a config.json, a .gguf file or a model directory)");
        }
        if (looksLikePath(ref)) {
            return new BadInputException(ref + ": no such file or directory");
        }
        return new BadInputException("unknown model '" + ref + "'; closest catalog ids: "
                + String.join(", ", catalog.closestIds(ref, 3)) + " (all: gpufit catalog models)");
    }
}
