package dev.gpufit.fit;

/** What a device offers the model. */
public enum Budget {
    /** What is free now: memory other processes hold counts against us (the default). */
    FREE,
    /** The whole device as if empty, for planning (less what the driver reserves). */
    TOTAL
}
