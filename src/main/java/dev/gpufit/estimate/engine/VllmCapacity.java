package dev.gpufit.estimate.engine;

import dev.gpufit.estimate.EngineCapacity;
import dev.gpufit.estimate.EngineProfiles;
import dev.gpufit.estimate.KvDtype;
import dev.gpufit.estimate.MemoryEstimate;
import dev.gpufit.estimate.MemoryEstimator;
import dev.gpufit.estimate.Method;
import dev.gpufit.estimate.Workload;
import dev.gpufit.model.ModelSpec;

/**
 * What vLLM does on one device of a given total memory (pure; {@code fit} calls it per device):
 * <pre>
 *   budget        = gpu_memory_utilization × total
 *   KV memory     = budget − weights − activation peak − non-torch memory
 *   GPU blocks    = floor(KV memory / block bytes over all layers)
 *   KV tokens     = blocks × block_size                         "GPU KV cache size: N tokens"
 *   concurrency   = blocks / blocks one max_model_len request needs   "Maximum concurrency for L tokens per request: Cx"
 *   fits          = one request of max_model_len fits (else vLLM raises at start)
 * </pre>
 * CUDA graphs and the CUDA context are not in the budget: they must fit in the
 * {@code (1 − utilization) × total} vLLM leaves. vLLM also refuses to
 * start when the device's free memory is below the budget ({@link #startsWith(long)}).
 *
 * @param deviceTotalBytes   the device's total memory (as torch reports it: NVML total less the reserved part)
 * @param budgetBytes        gpu_memory_utilization × total
 * @param kvCacheBytes       what is left for the KV cache (0 when nothing is)
 * @param gpuBlocks          KV blocks
 * @param kvCacheTokens      tokens the KV cache holds
 * @param blocksPerRequest   blocks one max_model_len request needs
 * @param maxConcurrency     requests of max_model_len that fit at once
 * @param fits               at least one request of max_model_len fits
 * @param outsideBudgetBytes CUDA graphs + CUDA context, allocated outside the budget
 * @param reason             one line: why it fits or not
 */
public record VllmCapacity(
        long deviceTotalBytes,
        long budgetBytes,
        long kvCacheBytes,
        long gpuBlocks,
        long kvCacheTokens,
        long blocksPerRequest,
        double maxConcurrency,
        boolean fits,
        long outsideBudgetBytes,
        String reason)
        implements EngineCapacity {

    /** True for a workload whose engine sizes the KV cache to its budget (the vLLM profile). */
    public static boolean applies(Workload w) {
        return EngineProfiles.of(w.engine()).sizesKvToBudget();
    }

    /** The budget and KV capacity on a device of {@code deviceTotalBytes}, for an estimate made with --engine vllm. */
    public static VllmCapacity of(ModelSpec spec, Workload w, MemoryEstimate e, long deviceTotalBytes) {
        VllmSettings st = VllmSettings.of(w, e.context());
        // a detailed estimate carries its KV type; the seed formula's label is its t, not a cache type
        KvDtype dt = KvDtype.of(w.method() == Method.DETAILED ? e.kvDtype() : MemoryEstimator.kvDtypeName(spec, w));
        int tp = w.tensorParallel();
        long budget = (long) Math.floor(st.gpuMemoryUtilization() * deviceTotalBytes);
        long nonKv = Math.addExact(Math.addExact(e.weightsBytes(), e.activationsBytes()), st.nonTorchBytes());
        long kv = Math.max(0, budget - nonKv);
        long blockBytes = VllmKv.blockBytes(spec, dt, tp, st.blockSize());
        long blocks = kv / blockBytes;
        long perRequest = VllmKv.perRequest(spec, dt, tp, e.context(), st.maxNumBatchedTokens(), st.blockSize());
        long blocksPerRequest = VllmKv.cdiv(perRequest, blockBytes);
        double concurrency = blocks / (double) blocksPerRequest;
        boolean fits = blocks >= blocksPerRequest;
        long outside = Math.addExact(
                st.enforceEager() ? 0 : Math.multiplyExact(VllmProfile.CUDA_GRAPH_PER_LAYER, (long) spec.layers()),
                VllmProfile.CUDA_CONTEXT_BYTES);
        String reason;
        if (budget <= nonKv) {
            reason = "no room for a KV cache: weights + activations + non-torch (" + gib(nonKv)
                    + " GiB) exceed the budget " + st.gpuMemoryUtilization() + " x " + gib(deviceTotalBytes) + " GiB = "
                    + gib(budget) + " GiB";
        } else if (!fits) {
            reason = "max_model_len " + e.context() + " needs " + blocksPerRequest + " KV blocks but only " + blocks
                    + " fit (" + blocks * st.blockSize()
                    + " tokens); lower vLLM's --max-model-len or raise its --gpu-memory-utilization";
        } else {
            reason = "GPU KV cache size: " + blocks * st.blockSize() + " tokens; maximum concurrency for " + e.context()
                    + " tokens per request: " + String.format(java.util.Locale.ROOT, "%.2f", concurrency) + "x";
        }
        return new VllmCapacity(
                deviceTotalBytes,
                budget,
                kv,
                blocks,
                blocks * st.blockSize(),
                blocksPerRequest,
                concurrency,
                fits,
                outside,
                reason);
    }

    private static String gib(long b) {
        return String.format(java.util.Locale.ROOT, "%.2f", b / (double) (1L << 30));
    }
}
