package dev.gpufit.launch;

/**
 * The memory-relevant vLLM engine arguments of one launch. Null means not set: vLLM's default
 * applies. Names follow vllm/engine/arg_utils.py's EngineArgs.
 *
 * @param maxModelLen           {@code --max-model-len} (32k, 32K accepted as vLLM does)
 * @param tensorParallelSize    {@code -tp}
 * @param pipelineParallelSize  {@code -pp}
 * @param dataParallelSize      {@code -dp} (only 1 is accepted: replicas are not modelled)
 * @param gpuMemoryUtilization  {@code --gpu-memory-utilization}
 * @param maxNumSeqs            {@code --max-num-seqs}
 * @param maxNumBatchedTokens   {@code --max-num-batched-tokens}
 * @param kvCacheDtype          {@code --kv-cache-dtype} (auto, bfloat16, fp8, fp8_e4m3, ...)
 * @param dtype                 {@code --dtype} (auto, half, bfloat16, float ...)
 * @param quantization          {@code -q}
 * @param blockSize             {@code --block-size}
 * @param enableChunkedPrefill  {@code --[no-]enable-chunked-prefill}
 * @param enforceEager          {@code --[no-]enforce-eager}
 * @param enablePrefixCaching   {@code --[no-]enable-prefix-caching} (same allocation either way)
 * @param swapSpaceGib          {@code --swap-space}: host memory per GPU for swapped blocks, GiB
 * @param revision              {@code --revision}: the model revision to resolve
 * @param downloadDir           {@code --download-dir}: where vLLM looks for and stores weights
 */
public record VllmLaunch(
        Long maxModelLen,
        Integer tensorParallelSize,
        Integer pipelineParallelSize,
        Integer dataParallelSize,
        Double gpuMemoryUtilization,
        Long maxNumSeqs,
        Long maxNumBatchedTokens,
        String kvCacheDtype,
        String dtype,
        String quantization,
        Integer blockSize,
        Boolean enableChunkedPrefill,
        Boolean enforceEager,
        Boolean enablePrefixCaching,
        Double swapSpaceGib,
        String revision,
        String downloadDir)
        implements EngineSettings {}
