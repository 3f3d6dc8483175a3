package dev.gpufit.app;

/**
 * The question has no answer on this machine now: a GPU probe failed or did not answer, or there
 * is no device the engine can run on. A preflight must not say "go" then: the command line exits
 * 4 with the reason, the agent answers 503 (probe failed) or 422 (nothing to judge).
 */
public final class UnknownVerdictException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final boolean probeFailed;

    UnknownVerdictException(boolean probeFailed, String message) {
        super(message);
        this.probeFailed = probeFailed;
    }

    /** True when a GPU probe failed or did not answer (a retry may succeed); false when nothing here can run the engine. */
    public boolean probeFailed() {
        return probeFailed;
    }
}
