package dev.gpufit.fit;

import dev.gpufit.estimate.MemoryEstimate;
import dev.gpufit.estimate.MemoryEstimator;
import dev.gpufit.estimate.Workload;
import dev.gpufit.model.ModelSpec;

/**
 * The estimate the judge asks for while searching (other contexts, dtypes, device counts).
 * A seam so the searches can be tested with simple arithmetic.
 */
@FunctionalInterface
public interface EstimateFunction {
    MemoryEstimate estimate(ModelSpec spec, Workload workload);

    static EstimateFunction standard() {
        return MemoryEstimator::estimate;
    }
}
