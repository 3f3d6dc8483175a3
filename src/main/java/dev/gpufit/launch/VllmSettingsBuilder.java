package dev.gpufit.launch;

import dev.gpufit.BadInputException;
import java.util.Locale;

/** Collects the modelled vLLM flags of one command line; a later flag wins, as in argparse. */
final class VllmSettingsBuilder {
    String model;
    Long maxModelLen;
    Integer tensorParallelSize;
    Integer pipelineParallelSize;
    Integer dataParallelSize;
    Double gpuMemoryUtilization;
    Long maxNumSeqs;
    Long maxNumBatchedTokens;
    String kvCacheDtype;
    String dtype;
    String quantization;
    Integer blockSize;
    Boolean enableChunkedPrefill;
    Boolean enforceEager;
    Boolean enablePrefixCaching;
    Double swapSpaceGib;
    String revision;
    String downloadDir;

    /**
     * Reads one modelled flag; a value that makes it refused goes to {@code refused}.
     *
     * @return false when the flag turned out not to change memory (it passes through)
     */
    boolean apply(FlagUse u, RefusedFlags refused) {
        String v = u.value();
        switch (u.spec().key()) {
            case "--model" -> model = v;
            case "--max-model-len" -> maxModelLen = maxModelLen(u);
            case "--tensor-parallel-size" -> tensorParallelSize = (int) Values.positive(u);
            case "--pipeline-parallel-size" -> pipelineParallelSize = (int) Values.positive(u);
            case "--data-parallel-size" -> {
                dataParallelSize = (int) Values.positive(u);
                if (dataParallelSize > 1) {
                    refused.add(u.shown(), "data-parallel replicas on more devices");
                }
            }
            case "--decode-context-parallel-size" -> {
                if (Values.positive(u) > 1) {
                    refused.add(u.shown(), "the KV cache split over the tensor-parallel group");
                }
                return false;
            }
            case "--mm-encoder-tp-mode" -> {
                if (v.equals("data")) {
                    refused.add(u.shown(), "the vision encoder replicated on every GPU");
                }
                return false;
            }
            case "--gpu-memory-utilization" -> gpuMemoryUtilization = utilization(u);
            case "--max-num-seqs" -> maxNumSeqs = Values.positive(u);
            case "--max-num-batched-tokens" -> maxNumBatchedTokens = positiveHuman(u);
            case "--kv-cache-dtype" -> kvCacheDtype = Values.lower(v);
            case "--dtype" -> dtype = Values.lower(v);
            case "--quantization" -> quantization = v.equals("None") ? null : Values.lower(v);
            case "--block-size" -> blockSize = (int) Values.positive(u);
            case "--enable-chunked-prefill" -> enableChunkedPrefill = u.positive();
            case "--enforce-eager" -> enforceEager = u.positive();
            case "--enable-prefix-caching" -> enablePrefixCaching = u.positive();
            case "--swap-space" -> swapSpaceGib = nonNegative(u);
            case "--revision" -> revision = v;
            case "--download-dir" -> downloadDir = v;
            default ->
                throw new IllegalStateException(
                        "modelled vLLM flag without a reader: " + u.spec().key());
        }
        return true;
    }

    VllmLaunch build() {
        return new VllmLaunch(
                maxModelLen,
                tensorParallelSize,
                pipelineParallelSize,
                dataParallelSize,
                gpuMemoryUtilization,
                maxNumSeqs,
                maxNumBatchedTokens,
                kvCacheDtype,
                dtype,
                quantization,
                blockSize,
                enableChunkedPrefill,
                enforceEager,
                enablePrefixCaching,
                swapSpaceGib,
                revision,
                downloadDir);
    }

    private static Long maxModelLen(FlagUse u) {
        String v = u.value().strip().toLowerCase(Locale.ROOT);
        if (v.equals("auto") || v.equals("-1")) {
            throw new BadInputException("vllm serve " + u.spelling() + " " + u.value()
                    + ": vLLM picks the longest context that fits; gpufit judges a given length, so pass a number");
        }
        return positiveHuman(u);
    }

    private static long positiveHuman(FlagUse u) {
        long n = Values.humanInt(u);
        if (n < 1) {
            throw Values.bad(u, "a count of at least 1");
        }
        return n;
    }

    private static double utilization(FlagUse u) {
        double d = Values.decimal(u);
        if (!(d > 0 && d <= 1)) {
            throw Values.bad(u, "a share of the GPU's memory in (0, 1]");
        }
        return d;
    }

    private static double nonNegative(FlagUse u) {
        double d = Values.decimal(u);
        if (d < 0) {
            throw Values.bad(u, "GiB, at least 0");
        }
        return d;
    }
}
