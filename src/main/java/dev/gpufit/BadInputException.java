package dev.gpufit;

/**
 * Input the user can fix: an unknown model id, a malformed config.json, a hostile GGUF file,
 * a zero batch. Every layer throws this one type so the command line can turn it into exit
 * code 2 with the message as a single line, without knowing which layer failed.
 */
public class BadInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BadInputException(String message) {
        super(message);
    }

    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
