package dev.gpufit.estimate.engine;

import dev.gpufit.BadInputException;
import dev.gpufit.estimate.EngineOption;
import dev.gpufit.estimate.EngineSettings;
import dev.gpufit.estimate.EstimateInputs;
import dev.gpufit.estimate.KvDtype;
import dev.gpufit.note.Notes;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The llama.cpp context parameters an estimate uses, defaults applied.
 *
 * @param nSeq        sequences ({@code --parallel}, Ollama's num_parallel); the context is split among them
 * @param nCtxPerSeq  tokens per sequence (gpufit's --context)
 * @param kvCells     KV cells: n_ctx = nCtxPerSeq x nSeq, padded to 256 as mainline does
 * @param nBatch      logical batch ({@code -b})
 * @param nUbatch     physical batch ({@code -ub}), at most nBatch: the compute graph is sized for it
 * @param flashAttn   flash attention in effect
 * @param gpuLayers   repeating layers on the GPU (the last ones, as {@code -ngl} assigns them)
 * @param outputOnGpu the output head is offloaded too ({@code -ngl} above the layer count)
 * @param cpuOnly     no GPU backend at all: everything in host RAM
 * @param cpuMoe      routed experts kept in host RAM ({@code --cpu-moe}, {@code -ot exps=CPU})
 * @param typeK       K cache type ({@code -ctk})
 * @param typeV       V cache type ({@code -ctv})
 * @param embeddings  the output buffer also holds embeddings (Ollama's runner enables them)
 * @param swaFull     sliding-window layers get a full-size cache ({@code --swa-full})
 * @param mmprojBytes projector weights given as engine option mmproj-bytes (for estimates without the
 *                    files; with {@code --mmproj FILE} the projector is already in the model's weights)
 */
public record LlamaCppSettings(
        int nSeq,
        long nCtxPerSeq,
        long kvCells,
        long nBatch,
        long nUbatch,
        boolean flashAttn,
        int gpuLayers,
        boolean outputOnGpu,
        boolean cpuOnly,
        boolean cpuMoe,
        KvDtype typeK,
        KvDtype typeV,
        boolean embeddings,
        boolean swaFull,
        long mmprojBytes) {
    /** KV cache and compute graphs are padded to this many cells (llama.cpp n_ctx padding). */
    public static final long CELL_PAD = 256;

    /**
     * Engine defaults that differ between llama.cpp and Ollama.
     *
     * @param kvUnified one KV stream shared by all sequences; false: llama.cpp's default for an explicit
     *                  {@code --parallel N}, a stream of n_ctx / N cells per sequence (cparams.kv_unified)
     */
    public record Defaults(long nBatch, boolean embeddings, boolean kvUnified) {}

    /** The engine option keys read below (what --engine-opt accepts under --engine llama.cpp). */
    /** ggml's KV cache types, as llama.cpp's -ctk/-ctv list them (no fp8: ggml has no such cache type). */
    public static final List<String> KV_TYPES =
            List.of("f32", "f16", "bf16", "q8_0", "q4_0", "q4_1", "iq4_nl", "q5_0", "q5_1");

    public static final Set<String> KEYS = EngineOption.keys(
            EngineOption.PARALLEL,
            EngineOption.N_BATCH,
            EngineOption.UBATCH,
            EngineOption.FLASH_ATTN,
            EngineOption.FLASH_ATTENTION,
            EngineOption.BACKEND,
            EngineOption.GPU_LAYERS,
            EngineOption.CACHE_TYPE_K,
            EngineOption.CACHE_TYPE_V,
            EngineOption.CPU_MOE,
            EngineOption.EMBEDDINGS,
            EngineOption.SWA_FULL,
            EngineOption.MMPROJ_BYTES);

    public static LlamaCppSettings resolve(EstimateInputs in, Defaults d, Notes notes) {
        EngineSettings o = in.workload().engineOptions();
        int nSeq = (int) o.integer(EngineOption.PARALLEL, in.workload().batch());
        if (nSeq < 1) {
            throw new BadInputException("--parallel must be at least 1, got " + nSeq);
        }
        long ctx = in.context();
        long nCtx = Math.multiplyExact(ctx, (long) nSeq);
        long cells = pad(nCtx, CELL_PAD);
        long nBatch = o.integer(EngineOption.N_BATCH, d.nBatch());
        long nUbatch = Math.min(o.integer(EngineOption.UBATCH, 512), nBatch);
        if (nBatch < 1 || nUbatch < 1) {
            throw new BadInputException("--n-batch and --ubatch must be at least 1");
        }
        // flash-attention is the generic profile's on/off; llama.cpp also reads it as its own word
        String fa =
                o.has(EngineOption.FLASH_ATTN) ? o.word(EngineOption.FLASH_ATTN) : o.text(EngineOption.FLASH_ATTENTION);
        fa = fa == null ? "auto" : fa.toLowerCase(Locale.ROOT);
        boolean flash = switch (fa) {
            case "on", "true", "1", "yes", "enabled" -> true;
            case "off", "false", "0", "no", "disabled" -> false;
            case "auto" -> true;
            default -> throw new BadInputException("--flash-attn must be on, off or auto, got '" + fa + "'");
        };
        int layers = in.spec().layers();
        boolean cpuOnly = "cpu".equals(o.word(EngineOption.BACKEND));
        long ngl = o.integer(EngineOption.GPU_LAYERS, -1);
        if (ngl < -1) {
            throw new BadInputException("--gpu-layers must be -1 (all) or more, got " + ngl);
        }
        if (cpuOnly) {
            ngl = 0;
        }
        int gpuLayers = ngl < 0 ? layers : (int) Math.min(ngl, layers);
        boolean outputOnGpu = ngl < 0 || ngl > layers;
        KvDtype typeK = kvType(EngineOption.CACHE_TYPE_K.key(), o.text(EngineOption.CACHE_TYPE_K), in.kvDtype());
        KvDtype typeV = kvType(EngineOption.CACHE_TYPE_V.key(), o.text(EngineOption.CACHE_TYPE_V), in.kvDtype());
        if (!flash && typeV.blockSize() > 1) {
            throw new BadInputException("llama.cpp needs flash attention for a quantized V cache (" + typeV.name()
                    + "); use --flash-attn on or an f16 V cache");
        }
        notes.add("llama.cpp context: n_ctx " + nCtx + " (" + ctx + " tokens x " + nSeq + " sequence"
                + (nSeq > 1 ? "s" : "")
                + ", llama.cpp's --parallel splits n_ctx as n_ctx_per_seq), " + cells + " KV cells (padded to "
                + CELL_PAD
                + "), n_batch "
                + nBatch + ", n_ubatch " + nUbatch + ", flash attention " + (flash ? "on" : "off")
                + ("auto".equals(fa)
                        ? " (auto: mainline enables it on CUDA and Metal; builds before mid-2025 default to off)"
                        : "")
                + ", "
                + (cpuOnly
                        ? "CPU backend only"
                        : gpuLayers + "/" + layers + " layers on the GPU"
                                + (outputOnGpu ? " plus the output head" : ", output head in host RAM")));
        return new LlamaCppSettings(
                nSeq,
                ctx,
                cells,
                nBatch,
                nUbatch,
                flash,
                gpuLayers,
                outputOnGpu && !cpuOnly,
                cpuOnly,
                o.bool(EngineOption.CPU_MOE, false),
                typeK,
                typeV,
                o.bool(EngineOption.EMBEDDINGS, d.embeddings()),
                o.bool(EngineOption.SWA_FULL, false),
                o.bytes(EngineOption.MMPROJ_BYTES, 0));
    }

    private static KvDtype kvType(String key, String opt, KvDtype dflt) {
        if (opt == null) {
            return dflt;
        }
        KvDtype d = KvDtype.of(opt);
        if (!KV_TYPES.contains(d.name())) {
            throw new BadInputException(key + " " + opt.strip() + " is not a ggml cache type; llama.cpp takes "
                    + String.join(", ", KV_TYPES));
        }
        return d;
    }

    static long pad(long n, long to) {
        return Math.multiplyExact(Math.floorDiv(n + to - 1, to), to);
    }
}
