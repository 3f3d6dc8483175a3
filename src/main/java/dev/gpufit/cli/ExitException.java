package dev.gpufit.cli;

/** Ends a command with a given exit code and a one-line message on stderr. */
public final class ExitException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int exitCode;

    public ExitException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
