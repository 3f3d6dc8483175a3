package dev.gpufit.validate;

/** The accuracy gpufit promises against the public engine logs (issue 6), in percent. */
public final class Bounds {
    public static final double WEIGHTS = 1.0;
    public static final double KV = 0.5;
    public static final double LLAMA_CPP_COMPUTE = 15.0;
    public static final double VLLM_KV_TOKENS = 3.0;
    public static final double TOTAL = 5.0;

    private Bounds() {}
}
