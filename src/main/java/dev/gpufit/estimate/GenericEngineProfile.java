package dev.gpufit.estimate;

import dev.gpufit.BadInputException;
import java.util.Set;

/**
 * The engine-neutral profile (default): the whole prompt in one forward pass, flash/SDPA-style
 * attention, logits for the last position only, one runtime context per device.
 *
 * <p>Engine options: {@code flash-attention=true|false} (false adds the s x s score matrix),
 * {@code logits=last|all}.
 */
public final class GenericEngineProfile implements EngineProfile {
    /**
     * Runtime context per device (docs/probing.md#cuda-context-overhead): 300-600 MiB per process
     * per GPU with CUDA &gt;= 11.7 and lazy loading (PyTorch maintainers: ~300-400 MB; Unsloth:
     * ~612 MiB); Ollama reserves 457 MiB (CUDA) and 512 MiB (Metal). 512 MiB sits in that range.
     */
    public static final long CONTEXT_BYTES = 512L * 1024 * 1024;

    /** No engine named: a machine without a GPU is judged by its RAM, as CPU inference would use it. */
    @Override
    public boolean runsOnHostRam(Platform platform) {
        return true;
    }

    @Override
    public Engine engine() {
        return Engine.GENERIC;
    }

    @Override
    public Set<String> optionKeys() {
        return EngineOption.keys(EngineOption.FLASH_ATTENTION, EngineOption.LOGITS);
    }

    @Override
    public Term activations(EstimateInputs in) {
        EngineSettings o = in.workload().engineOptions();
        boolean flash = o.bool(EngineOption.FLASH_ATTENTION, true);
        String logits = o.has(EngineOption.LOGITS) ? o.word(EngineOption.LOGITS) : "last";
        if (!logits.equals("last") && !logits.equals("all")) {
            throw new BadInputException("engine option logits must be 'last' or 'all', got '" + logits + "'");
        }
        return Activations.compute(in, flash, logits.equals("all"));
    }

    @Override
    public Term overhead(EstimateInputs in) {
        return switch (in.workload().platform()) {
            case LINUX ->
                Term.of(
                        CONTEXT_BYTES,
                        "overhead = 512 MiB per device: one CUDA context (reported 300-600 MiB per process per GPU"
                                + " with CUDA >= 11.7 lazy loading, pytorch#107667/#109888; Ollama reserves 457 MiB per GPU)");
            case MAC ->
                Term.of(
                        CONTEXT_BYTES,
                        "overhead = 512 MiB: Metal runtime and command buffers (Ollama's"
                                + " metalMinimumMemory); the OS share of unified memory is not added here, it is outside the"
                                + " Metal working set the device reports as usable");
        };
    }
}
