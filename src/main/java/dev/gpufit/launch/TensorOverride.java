package dev.gpufit.launch;

/**
 * One llama.cpp {@code -ot} entry: tensors whose name matches the pattern go to the buffer type.
 *
 * @param pattern    the tensor name regex ({@code blk\.[0-9]+\.ffn_.*_exps})
 * @param bufferType the backend buffer type ({@code CPU}, {@code CUDA0})
 */
public record TensorOverride(String pattern, String bufferType) {
    /** Whether the tensors go to host memory. */
    public boolean toHost() {
        return bufferType.startsWith("CPU");
    }
}
