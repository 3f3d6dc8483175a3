package dev.gpufit.estimate;

/** Which arithmetic to use. */
public enum Method {
    /** The published rule of thumb M = t(p + 3lbsh)/8 + o, to the byte (docs/estimation.md#the-seed-formula). */
    SEED,
    /** Exact parameter count, GQA/SWA/MLA-aware KV, one-layer activations (default). */
    DETAILED
}
