package dev.gpufit.cli;

/** The exit codes scripts depend on (README.md#exit-codes). Never renumber. */
public final class ExitCodes {
    /** The command ran; for {@code fit}: the model fits. */
    public static final int OK = 0;
    /** A bug in gpufit: an exception nobody expected. */
    public static final int INTERNAL = 1;
    /** Bad usage or bad input; a one-line reason is on stderr. */
    public static final int BAD_INPUT = 2;
    /** {@code fit}: the model does not fit on the selected devices. */
    public static final int DOES_NOT_FIT = 3;
    /** No device was found or selected, or every probe backend failed. */
    public static final int NO_DEVICE = 4;

    private ExitCodes() {}
}
