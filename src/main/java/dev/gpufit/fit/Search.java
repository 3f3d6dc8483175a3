package dev.gpufit.fit;

import dev.gpufit.BadInputException;
import dev.gpufit.device.Device;
import dev.gpufit.estimate.DefaultContext;
import dev.gpufit.estimate.EngineOption;
import dev.gpufit.estimate.MemoryEstimate;
import dev.gpufit.estimate.WeightPrecision;
import dev.gpufit.estimate.Workload;
import dev.gpufit.model.ModelSpec;
import dev.gpufit.note.Notes;
import java.util.function.LongPredicate;

/**
 * Boundary searches over a monotone need: memory never shrinks as context, batch or
 * precision grows, so a binary search finds the exact last value that fits. "Fits" is the
 * same judgement {@code fit} makes on the reference device (vLLM's rules under --engine vllm).
 */
final class Search {
    /** Upper end of the context search when the model states no maximum. */
    static final long CONTEXT_CEILING = 10_000_000L;

    static final int BATCH_CEILING = 1 << 20;

    private final EstimateFunction estimator;
    private final ModelSpec spec;
    private final Device device;
    private final DeviceBudget budget;

    Search(EstimateFunction estimator, ModelSpec spec, Device device, DeviceBudget budget) {
        this.estimator = estimator;
        this.spec = spec;
        this.device = device;
        this.budget = budget;
    }

    /** The context an estimate uses for this workload: the given one, or the default the estimators resolve. */
    long context(Workload w) {
        return DefaultContext.resolve(spec, w, new Notes());
    }

    boolean fits(Workload w) {
        return judge(w).verdict().fits();
    }

    DeviceFit judge(Workload w) {
        return FitJudge.judgeOne(device, budget, spec, w, estimator.estimate(spec, w));
    }

    /** Largest context (tokens) that fits, up to the model's maximum; 0 when even 1 token does not. */
    long largestContext(Workload w) {
        long hi = spec.maxContext() != null ? spec.maxContext() : CONTEXT_CEILING;
        if (!fits(w.withContext(1L))) {
            return 0;
        }
        if (fits(w.withContext(hi))) {
            return hi;
        }
        return lastFitting(1, hi, c -> fits(w.withContext(c)));
    }

    /** Largest batch that fits at the workload's context; 0 when batch 1 does not. */
    int largestBatch(Workload w) {
        if (!fits(w.withBatch(1))) {
            return 0;
        }
        int lo = 1;
        int hi = 2;
        while (hi < BATCH_CEILING && fits(w.withBatch(hi))) {
            lo = hi;
            hi = Math.min(BATCH_CEILING, hi * 2);
        }
        if (hi == BATCH_CEILING && fits(w.withBatch(hi))) {
            return hi;
        }
        return (int) lastFitting(lo, hi, b -> fits(w.withBatch((int) b)));
    }

    /**
     * llama.cpp/Ollama partial offload: the most repeating layers ({@code --gpu-layers}) that fit on
     * the device, the rest kept in host RAM; -1 when even 0 layers do not fit. More layers on the
     * device never need less device memory, so the search is exact.
     */
    int largestGpuLayers(Workload w) {
        int layers = spec.layers();
        if (!fits(withGpuLayers(w, 0))) {
            return -1;
        }
        // the caller knows all layers (with the output head) do not fit; the layers alone may
        if (fits(withGpuLayers(w, layers))) {
            return layers;
        }
        return (int) lastFitting(0, layers, n -> fits(withGpuLayers(w, (int) n)));
    }

    /**
     * The last value that fits between {@code lo}, which fits, and {@code hi}, which does not: a
     * binary search, exact because the need never shrinks as the value grows.
     */
    static long lastFitting(long lo, long hi, LongPredicate fits) {
        while (hi - lo > 1) {
            long mid = lo + (hi - lo) / 2;
            if (fits.test(mid)) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    static Workload withGpuLayers(Workload w, int n) {
        return w.withEngineOption(EngineOption.GPU_LAYERS, Integer.toString(n));
    }

    /** The most precise dtype of the ladder that fits, or null. Formats the estimator rejects are skipped. */
    String largestDtypeThatFits(Workload w) {
        for (String dtype : Quantizations.ladder(w.engine())) {
            try {
                if (fits(w.withWeightDtype(WeightPrecision.of(dtype)))) {
                    return dtype;
                }
            } catch (BadInputException unsupported) {
                // e.g. the seed method knows no GGUF mixes: not a suggestion we can make
            }
        }
        return null;
    }

    /**
     * Smallest tensor-parallel degree (≥ 2) at which each device's share fits; 0 when none up to max.
     * Degrees the estimator refuses (tp that does not divide the heads) are skipped: no engine runs them.
     */
    int devicesNeeded(Workload w, int max) {
        if (!splits(w, max)) {
            return 0;
        }
        for (int n = 2; n <= max; n++) {
            Workload split = w.withTensorParallel(n);
            MemoryEstimate e = splitEstimate(split);
            if (e != null
                    && FitJudge.judgeOne(device, budget, spec, split, e)
                            .verdict()
                            .fits()) {
                return n;
            }
        }
        return 0;
    }

    /** Whether this method splits the model at all (the seed formula does not) at some degree up to max. */
    boolean splits(Workload w, int max) {
        for (int n = 2; n <= max; n++) {
            MemoryEstimate e = splitEstimate(w.withTensorParallel(n));
            if (e != null) {
                return e.tensorParallel() == n;
            }
        }
        return false;
    }

    private MemoryEstimate splitEstimate(Workload split) {
        try {
            return estimator.estimate(spec, split);
        } catch (BadInputException notASplit) {
            return null;
        }
    }
}
