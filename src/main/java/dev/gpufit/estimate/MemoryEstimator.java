package dev.gpufit.estimate;

import dev.gpufit.BadInputException;
import dev.gpufit.model.ModelSpec;
import java.util.ArrayList;
import java.util.List;

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
            // the seed formula has no heads and never splits (its figures are for one device): no tp rule
            case SEED -> seed(spec, workload);
            case DETAILED -> detailed(spec, workload);
        };
    }

    /** The weight dtype this estimate stores weights in, for reports ("bf16", "int4", "mxfp4" ...). */
    public static String weightDtypeName(ModelSpec spec, Workload workload) {
        return WeightBytes.effectiveName(spec, workload);
    }

    /** The KV cache dtype this estimate uses (the default is 16-bit, matching the model's dtype). */
    public static String kvDtypeName(ModelSpec spec, Workload workload) {
        return DetailedEstimator.kvDtype(spec, workload, new java.util.ArrayList<>()).name();
    }

    private static MemoryEstimate detailed(ModelSpec spec, Workload w) {
        TensorParallelRule.check(spec, w.tensorParallel());
        try {
            return DetailedEstimator.estimate(spec, w);
        } catch (ArithmeticException e) {
            throw tooLarge();
        }
    }

    private static BadInputException tooLarge() {
        return new BadInputException("numbers too large: the estimate overflows 64-bit bytes"
                + " (check --params, --layers, --hidden, --context, --batch)");
    }

    private static MemoryEstimate seed(ModelSpec spec, Workload w) {
        List<String> notes = new ArrayList<>();
        long context = DefaultContext.resolve(spec, w, notes);
        long parameters;
        try {
            // the seed formula takes p as given; a model read from its architecture gets its exact count
            parameters = spec.parameters() != null ? spec.parameters() : ParameterCounter.count(spec).total();
        } catch (ArithmeticException e) {
            throw tooLarge();
        }
        int bits = SeedBits.of(seedDtype(spec, w));
        MemoryEstimate e = SeedFormula.estimate(spec, parameters, bits, w, context);
        if (notes.isEmpty()) {
            return e;
        }
        notes.addAll(e.notes());
        return new MemoryEstimate(e.weightsBytes(), e.activationsBytes(), e.kvCacheBytes(), e.overheadBytes(),
                e.hostBytes(), e.totalBytes(), e.parameters(), e.context(), e.kvBytesPerToken(), e.tensorParallel(), notes);
    }

    private static String seedDtype(ModelSpec spec, Workload w) {
        if (w.weightDtype() != null) {
            return w.weightDtype();
        }
        if (spec.quantization() != null && spec.quantization().bits() != null) {
            return spec.quantization().bits() <= 4 ? "int4" : spec.quantization().bits() <= 8 ? "int8" : "fp16";
        }
        return spec.nativeDtype();
    }
}
