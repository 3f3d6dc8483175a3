package dev.gpufit.estimate.engine;

import dev.gpufit.BadInputException;
import dev.gpufit.estimate.EngineOption;
import dev.gpufit.estimate.EngineSettings;
import dev.gpufit.estimate.Workload;
import java.util.Set;

/**
 * The vLLM engine arguments an estimate uses, defaults applied (vLLM {@code EngineArgs}).
 *
 * @param gpuMemoryUtilization  share of the device's total memory vLLM may use (0.9)
 * @param maxNumSeqs            sequences per step (256); the profile run samples that many logits
 * @param maxNumBatchedTokens   tokens per step; the profile run pushes this many through the model
 *                              (8192 with chunked prefill, vLLM serve's default; without it
 *                              max(max_model_len, 2048))
 * @param enforceEager          no CUDA graphs
 * @param blockSize             tokens per KV block (16)
 * @param nonTorchBytes         memory outside PyTorch's allocator counted in the budget (cuBLAS, NCCL ...)
 */
public record VllmSettings(
        double gpuMemoryUtilization,
        long maxNumSeqs,
        long maxNumBatchedTokens,
        boolean enforceEager,
        long blockSize,
        long nonTorchBytes) {
    public static final double DEFAULT_UTILIZATION = 0.9;
    public static final long DEFAULT_MAX_NUM_SEQS = 256;
    public static final long DEFAULT_CHUNKED_BATCHED_TOKENS = 8192;
    /**
     * Non-torch memory when the engine option non-torch is not given: vLLM logged 0.08-0.35 GiB on
     * single-GPU runs (engine-logs.jsonl B03, B05, B07); B01's 1.79 GiB on an H100 is the outlier.
     */
    public static final long DEFAULT_NON_TORCH = 256L << 20;

    /** The engine option keys read below (what --engine-opt accepts under --engine vllm). */
    public static final Set<String> KEYS = EngineOption.keys(
            EngineOption.GPU_MEMORY_UTILIZATION,
            EngineOption.MAX_NUM_SEQS,
            EngineOption.CHUNKED_PREFILL,
            EngineOption.MAX_NUM_BATCHED_TOKENS,
            EngineOption.BLOCK_SIZE,
            EngineOption.ENFORCE_EAGER,
            EngineOption.NON_TORCH);

    public static VllmSettings of(Workload w, long maxModelLen) {
        EngineSettings o = w.engineOptions();
        double util = o.number(EngineOption.GPU_MEMORY_UTILIZATION, DEFAULT_UTILIZATION);
        if (!(util > 0 && util <= 1)) {
            throw new BadInputException("--gpu-memory-utilization must be in (0, 1], got " + util);
        }
        long seqs = o.integer(EngineOption.MAX_NUM_SEQS, DEFAULT_MAX_NUM_SEQS);
        boolean chunked = o.bool(EngineOption.CHUNKED_PREFILL, true);
        long tokens = o.integer(
                EngineOption.MAX_NUM_BATCHED_TOKENS,
                chunked ? DEFAULT_CHUNKED_BATCHED_TOKENS : Math.max(maxModelLen, 2048));
        long block = o.integer(EngineOption.BLOCK_SIZE, 16);
        if (seqs < 1 || tokens < 1 || block < 1) {
            throw new BadInputException("--max-num-seqs, --max-num-batched-tokens and block-size must be at least 1");
        }
        return new VllmSettings(
                util,
                seqs,
                tokens,
                o.bool(EngineOption.ENFORCE_EAGER, false),
                block,
                o.bytes(EngineOption.NON_TORCH, DEFAULT_NON_TORCH));
    }
}
