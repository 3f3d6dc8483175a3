package dev.gpufit.cli;

import dev.gpufit.BadInputException;
import dev.gpufit.estimate.EngineOption;
import dev.gpufit.estimate.Workload;
import picocli.CommandLine.Option;

/**
 * Engine settings as the engines spell them, shared by estimate, fit and plan: llama.cpp/Ollama
 * ({@code --ubatch --n-batch --flash-attn --gpu-layers --parallel}) and vLLM
 * ({@code --gpu-memory-utilization --max-model-len --max-num-seqs --max-num-batched-tokens
 * --enforce-eager}). They land in {@code Workload.engineOptions} under the same names
 * {@code --engine-opt} uses, so both spellings work; the explicit option wins.
 * {@code --n-batch} is llama.cpp's {@code -b}: gpufit's {@code --batch} is concurrent sequences.
 * {@code --mmproj} lives in {@link ModelOptions}: it adds the projector's tensors to the model's
 * weights read from files (one option, one mixin).
 */
public final class EngineOptions {
    @Option(names = "--ubatch", paramLabel = "N", description = "llama.cpp/Ollama physical batch -ub (default: 512).")
    Long ubatch;

    @Option(
            names = "--n-batch",
            paramLabel = "N",
            description = "llama.cpp logical batch -b (default: 2048; Ollama 512).")
    Long nBatch;

    @Option(
            names = "--flash-attn",
            paramLabel = "on|off|auto",
            description = "llama.cpp/Ollama flash attention (default: auto = on).")
    String flashAttn;

    @Option(
            names = "--gpu-layers",
            paramLabel = "N",
            description =
                    "llama.cpp -ngl: layers offloaded; more than the layer count also offloads the output head (default: all).")
    Long gpuLayers;

    @Option(
            names = "--parallel",
            paramLabel = "N",
            description =
                    "llama.cpp --parallel / Ollama num_parallel: sequences sharing n_ctx = context x N (default: --batch).")
    Long parallel;

    @Option(
            names = "--gpu-memory-utilization",
            paramLabel = "F",
            description = "vLLM share of the device's total memory (default: 0.9).")
    Double gpuMemoryUtilization;

    @Option(
            names = "--max-model-len",
            paramLabel = "TOKENS",
            converter = Counts.Tokens.class,
            description = "vLLM max_model_len: the same as --context.")
    Long maxModelLen;

    @Option(names = "--max-num-seqs", paramLabel = "N", description = "vLLM max_num_seqs (default: 256).")
    Long maxNumSeqs;

    @Option(
            names = "--max-num-batched-tokens",
            paramLabel = "N",
            converter = Counts.Tokens.class,
            description = "vLLM max_num_batched_tokens: the profile run's batch (default: 8192).")
    Long maxNumBatchedTokens;

    @Option(names = "--enforce-eager", description = "vLLM without CUDA graphs.")
    boolean enforceEager;

    /** The workload with these settings merged into its engine options (and --max-model-len as the context). */
    public Workload applyTo(Workload w) {
        Workload out = w;
        out = set(out, EngineOption.UBATCH, ubatch);
        out = set(out, EngineOption.N_BATCH, nBatch);
        out = set(out, EngineOption.FLASH_ATTN, flashAttn);
        out = set(out, EngineOption.GPU_LAYERS, gpuLayers);
        out = set(out, EngineOption.PARALLEL, parallel);
        out = set(out, EngineOption.GPU_MEMORY_UTILIZATION, gpuMemoryUtilization);
        out = set(out, EngineOption.MAX_NUM_SEQS, maxNumSeqs);
        out = set(out, EngineOption.MAX_NUM_BATCHED_TOKENS, maxNumBatchedTokens);
        if (enforceEager) {
            out = out.withEngineOption(EngineOption.ENFORCE_EAGER, "true");
        }
        if (maxModelLen != null) {
            if (w.context() != null && !w.context().equals(maxModelLen)) {
                throw new BadInputException("--max-model-len " + maxModelLen + " and --context " + w.context()
                        + " disagree; they are the same setting, give one");
            }
            out = out.withContext(maxModelLen);
        }
        return out;
    }

    private static Workload set(Workload w, EngineOption key, Object value) {
        return value == null ? w : w.withEngineOption(key, value.toString());
    }
}
