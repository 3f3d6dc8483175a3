package dev.gpufit.app;

import dev.gpufit.fit.Budget;

/**
 * One fit question as the agent, {@code --watch} and {@code nfd} ask it: a model by catalog or HF
 * repo id (never a path), the workload, the devices and the budget. {@code null} means the
 * default for every optional field, so the answer equals {@code gpufit fit}'s.
 *
 * @param model    catalog id or HF repo id
 * @param workload the workload as asked
 * @param device   device selector (indices, UUIDs, prefixes, host, catalog:NAME[:COUNT]); null: all
 * @param budget   the budget judged; null: free
 */
public record FitRequest(String model, WorkloadRequest workload, String device, Budget budget) {

    /** The default question about {@code model} at {@code context} tokens (null: the default context). */
    public static FitRequest of(String model, Long context) {
        return new FitRequest(model, WorkloadRequest.ofContext(context), null, null);
    }

    public FitRequest withBudget(Budget b) {
        return new FitRequest(model, workload, device, b);
    }
}
