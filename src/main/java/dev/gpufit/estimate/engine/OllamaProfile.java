package dev.gpufit.estimate.engine;

import dev.gpufit.estimate.Engine;
import dev.gpufit.estimate.EngineOption;
import dev.gpufit.estimate.EstimateInputs;
import dev.gpufit.estimate.Platform;
import dev.gpufit.estimate.Term;
import java.util.HashSet;
import java.util.Set;

/**
 * Ollama: runs llama.cpp, so the buffers are llama.cpp's, with Ollama's defaults and reserve.
 * Its runner is started with {@code --ctx-size num_ctx x num_parallel --batch-size 512
 * --parallel num_parallel} and embeddings enabled (the output buffer then holds them too).
 * It keeps 457 MiB free per CUDA/ROCm GPU and 512 MiB on Metal ({@code discover/gpu.go}
 * cudaMinimumMemory / metalMinimumMemory), plus OLLAMA_GPU_OVERHEAD (engine option gpu-overhead).
 */
public final class OllamaProfile extends LlamaCppProfile {
    public static final long CUDA_MINIMUM = 457L << 20;
    public static final long METAL_MINIMUM = 512L << 20;

    /** Ollama falls back to llama.cpp's CPU backend when it finds no GPU. */
    @Override
    public boolean runsOnHostRam(Platform platform) {
        return true;
    }

    @Override
    public Engine engine() {
        return Engine.OLLAMA;
    }

    /** llama.cpp's settings and OLLAMA_GPU_OVERHEAD. */
    @Override
    public Set<String> optionKeys() {
        Set<String> keys = new HashSet<>(LlamaCppSettings.KEYS);
        keys.add(EngineOption.GPU_OVERHEAD.key());
        return Set.copyOf(keys);
    }

    @Override
    protected LlamaCppSettings.Defaults defaults() {
        return new LlamaCppSettings.Defaults(512, true, true);
    }

    @Override
    public Term overhead(EstimateInputs in) {
        if (buffers(in).settings().cpuOnly()) {
            return Term.of(0, "overhead = 0: CPU backend, no GPU runtime");
        }
        long extra = in.workload().engineOptions().bytes(EngineOption.GPU_OVERHEAD, 0);
        boolean mac = in.workload().platform() == Platform.MAC;
        long min = mac ? METAL_MINIMUM : CUDA_MINIMUM;
        return Term.of(
                min + extra,
                "overhead = "
                        + (mac
                                ? "512 MiB (Ollama's metalMinimumMemory)"
                                : "457 MiB (Ollama's cudaMinimumMemory,"
                                        + " kept free per GPU; it covers the CUDA context)")
                        + (extra > 0 ? " + OLLAMA_GPU_OVERHEAD " + extra + " bytes" : ""));
    }
}
