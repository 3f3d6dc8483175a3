package dev.gpufit.estimate;

/**
 * What an engine that sizes its KV cache to a memory budget makes of one device
 * ({@link EngineProfile#capacity}): the share of the device it takes, and the KV cache that share
 * leaves. Engines that allocate what the workload needs have none; the estimate alone judges them.
 */
public interface EngineCapacity {
    /** The bytes the engine takes from the device (vLLM: gpu_memory_utilization x total). */
    long budgetBytes();

    /** Bytes the engine allocates on top of its budget (vLLM: CUDA graphs and context). */
    long outsideBudgetBytes();

    /** Tokens the KV cache holds. */
    long kvCacheTokens();

    /** Requests of the full context that fit at once. */
    double maxConcurrency();

    /** True when at least one request of the full context fits. */
    boolean fits();

    /** One line: why it fits or not, in the engine's own words. */
    String reason();

    /** The engine's start-up check: the free memory must cover the budget. */
    default boolean startsWith(long freeBytes) {
        return freeBytes >= budgetBytes();
    }
}
