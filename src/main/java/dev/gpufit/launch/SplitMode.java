package dev.gpufit.launch;

/** llama.cpp {@code -sm none|layer|row}: how the model is split over several GPUs. */
public enum SplitMode {
    /** One GPU only ({@code -mg} picks it). */
    NONE,
    /** Layers and KV split across GPUs (the default). */
    LAYER,
    /** Rows split across GPUs; intermediate results and KV on the main GPU. */
    ROW
}
