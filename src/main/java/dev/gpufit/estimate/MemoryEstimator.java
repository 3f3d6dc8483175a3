package dev.gpufit.estimate;

import dev.gpufit.BadInputException;
import dev.gpufit.model.ModelSpec;

/**
 * The one entry point of the memory arithmetic: pure, every input explicit.
 * Returns bytes per device (see {@link MemoryEstimate}).
 */
public final class MemoryEstimator {
    private MemoryEstimator() {}

    public static MemoryEstimate estimate(ModelSpec spec, Workload workload) {
        if (workload.batch() <= 0) {
            throw new BadInputException("--batch must be at least 1, got " + workload.batch());
        }
        if (workload.tensorParallel() <= 0) {
            throw new BadInputException("--tp must be at least 1, got " + workload.tensorParallel());
        }
        return switch (workload.method()) {
            case SEED -> seed(spec, workload);
            case DETAILED -> throw new UnsupportedOperationException("detailed method: in progress");
        };
    }

    private static MemoryEstimate seed(ModelSpec spec, Workload w) {
        if (spec.parameters() == null) {
            throw new BadInputException("the seed method needs a parameter count; give --params or a model with one");
        }
        long context = w.context() == null ? 512 : w.context();
        if (context <= 0) {
            throw new BadInputException("--context must be at least 1, got " + context);
        }
        int bits = SeedBits.of(w.weightDtype() == null ? spec.nativeDtype() : w.weightDtype());
        return SeedFormula.estimate(spec, spec.parameters(), bits, w, context);
    }
}
