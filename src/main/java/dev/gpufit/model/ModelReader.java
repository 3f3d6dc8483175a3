package dev.gpufit.model;

/**
 * One way to turn what the user typed as MODEL into a {@link ModelSpec}: a catalog id, an HF repo
 * id, a config.json, a model directory, a .gguf file ... {@link ModelResolver} asks its readers in
 * order and the first that accepts the reference reads it.
 */
public interface ModelReader {
    /** Cheap check: is this reference for me? (a catalog hit, an existing file of my kind ...) */
    boolean accepts(String ref);

    /** Reads the model. Throws {@link dev.gpufit.BadInputException} for input the user can fix. */
    ModelSpec read(String ref);
}
