package dev.gpufit.model;

import dev.gpufit.BadInputException;

/**
 * A model file (safetensors, GGUF, index, Hub response) that is malformed, truncated or hostile.
 * It is a {@link BadInputException}, so the command line turns it into exit code 2 with the
 * one-line message; the message always starts with the file it is about, so a user with a
 * directory of shards knows which one to re-download.
 */
public class ModelFileException extends BadInputException {
    private static final long serialVersionUID = 1L;

    public ModelFileException(String file, String problem) {
        super(file + ": " + problem);
    }

    public ModelFileException(String file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }
}
