package dev.gpufit.estimate;

import dev.gpufit.model.ModelSpec;

/**
 * Everything an engine profile reads to size its terms, resolved once by the estimator.
 *
 * @param spec            the model
 * @param workload        the workload as given
 * @param context         tokens per sequence actually used (default applied)
 * @param parameters      the parameter breakdown
 * @param kvDtype         KV cache element type (default applied)
 * @param activationBytes bytes per activation value (2, or 4 for an fp32 model)
 */
public record EstimateInputs(
        ModelSpec spec,
        Workload workload,
        long context,
        ParameterCount parameters,
        KvDtype kvDtype,
        int activationBytes) {}
