package dev.gpufit.model.hf;

import dev.gpufit.BadInputException;

/**
 * The Hub could not give gpufit a file: not found, gated, unauthorised, unreachable, too slow.
 * Exit code 2 with the one-line message, which says what to do (accept the license, set
 * HF_TOKEN, check the repo id, drop --hub to use the local cache).
 */
public class HubException extends BadInputException {
    private static final long serialVersionUID = 1L;

    public HubException(String message) {
        super(message);
    }

    public HubException(String message, Throwable cause) {
        super(message, cause);
    }
}
