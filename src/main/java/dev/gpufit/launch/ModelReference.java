package dev.gpufit.launch;

/**
 * The model a launch names, as given: resolving it (a file, the Hugging Face cache, a catalog
 * entry) happens later.
 *
 * @param kind  how the engine will find it
 * @param value the path, repository, URL or name as written
 * @param quant llama.cpp {@code -hf repo:quant}: the quantization tag after the colon, or null
 * @param file  llama.cpp {@code -hff FILE} (or {@code -m FILE} next to {@code -hf}): the file in
 *              the repository, or null
 */
public record ModelReference(Kind kind, String value, String quant, String file) {
    /** Where the engine takes the model from. */
    public enum Kind {
        /** vLLM's positional model: a Hugging Face repository id or a local directory. */
        REPO_OR_PATH,
        /** llama.cpp {@code -m}: a local GGUF file. */
        FILE,
        /** llama.cpp {@code -hf user/model[:quant]}: a Hugging Face repository, cached locally. */
        HF_REPO,
        /** llama.cpp {@code -mu URL}. */
        URL,
        /** llama.cpp {@code -dr [repo/]model[:quant]}: a Docker Hub model. */
        DOCKER_REPO
    }

    static ModelReference of(Kind kind, String value) {
        return new ModelReference(kind, value, null, null);
    }
}
