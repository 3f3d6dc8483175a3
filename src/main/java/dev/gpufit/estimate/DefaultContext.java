package dev.gpufit.estimate;

import dev.gpufit.BadInputException;
import dev.gpufit.model.ModelSpec;
import java.util.List;

/**
 * The context used when none is given: 4096 tokens, capped at the model's maximum. Not the
 * model's maximum: a 128K default would size the KV cache for a context few runs use
 * (https://github.com/AlexsJones/llmfit/issues/302; docs/engine-memory.md#what-other-estimators-get-wrong).
 * The choice is always stated in the notes.
 */
public final class DefaultContext {
    public static final long DEFAULT = 4096;

    private DefaultContext() {}

    /** The context to compute for, and a note when it was defaulted or exceeds the model's maximum. */
    public static long resolve(ModelSpec spec, Workload w, List<String> notes) {
        if (w.context() == null) {
            long c = spec.maxContext() != null ? Math.min(DEFAULT, spec.maxContext()) : DEFAULT;
            notes.add("no --context given: using " + c + " tokens (gpufit's default 4096"
                    + (spec.maxContext() != null ? ", capped at the model's maximum " + spec.maxContext() : "") + ")");
            return c;
        }
        long c = w.context();
        if (c <= 0) {
            throw new BadInputException("--context must be at least 1 token, got " + c);
        }
        if (spec.maxContext() != null && c > spec.maxContext()) {
            notes.add("--context " + c + " exceeds the model's maximum of " + spec.maxContext() + " tokens");
        }
        return c;
    }
}
