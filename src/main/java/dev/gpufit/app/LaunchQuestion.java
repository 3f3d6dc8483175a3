package dev.gpufit.app;

import dev.gpufit.BadInputException;
import dev.gpufit.estimate.EngineOption;
import dev.gpufit.estimate.Workload;
import dev.gpufit.launch.Launch;
import dev.gpufit.launch.LlamaLaunch;
import dev.gpufit.launch.ModelReference;
import dev.gpufit.launch.VllmLaunch;
import dev.gpufit.model.ModelSpec;
import dev.gpufit.model.hf.HfCache;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * An engine command line ({@link Launch}) as gpufit's question: the model it loads, the workload
 * it runs and the engine settings that size its memory, so that {@code fit --} and {@code run --}
 * judge exactly that launch. Settings the launch changes and gpufit does not model are refused here,
 * naming them; the parser has already refused the flags that are never modelled.
 */
public final class LaunchQuestion {
    /** llama.cpp's quantization tag when {@code -hf repo} names none (common/arg.cpp). */
    static final String LLAMA_DEFAULT_QUANT = "Q4_K_M";

    private LaunchQuestion() {}

    /** The model the launch loads, as a request the model readers resolve; {@code -hf} from the HF cache. */
    public static ModelRequest model(Launch l, Map<String, String> env) {
        ModelReference m = l.model();
        if (m == null) {
            throw new BadInputException(l.engine().command() + " names no model (-m FILE or -hf REPO[:QUANT])");
        }
        String revision = l.settings() instanceof VllmLaunch v ? v.revision() : null;
        Path mmproj = l.settings() instanceof LlamaLaunch ll && ll.mmproj() != null ? Path.of(ll.mmproj()) : null;
        String ref = switch (m.kind()) {
            case REPO_OR_PATH, FILE -> m.value();
            case HF_REPO -> cachedGguf(m, env).toString();
            case URL, DOCKER_REPO ->
                throw new BadInputException(l.engine().command() + " loads its model from " + m.value()
                        + ": gpufit reads local files and the HF cache only; download it and give -m FILE");
        };
        return new ModelRequest(
                ref, revision, false, mmproj, new ManualModel(null, null, null, null, null, null, null, null), false);
    }

    /**
     * The GGUF file {@code -hf repo[:quant]} loads from the HF cache: {@code -hff FILE} when given,
     * else the one file whose name carries the quantization tag (Q4_K_M when none is given).
     */
    static Path cachedGguf(ModelReference m, Map<String, String> env) {
        HfCache cache = HfCache.fromEnv(env)
                .orElseThrow(() -> new BadInputException(
                        "-hf " + m.value() + ": the HF cache cannot be located (set" + " HF_HOME or HOME)"));
        Path snapshot = cache.snapshot(m.value(), null)
                .orElseThrow(() -> new BadInputException("-hf " + m.value() + " is not in the HF cache at "
                        + cache.hubDir() + "; download it first (llama-server -hf downloads it on its first start)"));
        if (m.file() != null) {
            Path f = snapshot.resolve(m.file());
            if (!Files.isRegularFile(f)) {
                throw new BadInputException("-hf " + m.value() + ": " + m.file() + " is not in the HF cache snapshot");
            }
            return f;
        }
        String quant = (m.quant() == null ? LLAMA_DEFAULT_QUANT : m.quant()).toLowerCase(Locale.ROOT);
        List<Path> matches;
        try (Stream<Path> files = Files.walk(snapshot)) {
            matches = files.filter(p -> {
                        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
                        return n.endsWith(".gguf") && n.contains(quant) && !n.startsWith("mmproj");
                    })
                    .sorted(Comparator.naturalOrder())
                    .toList();
        } catch (IOException e) {
            throw new BadInputException("-hf " + m.value() + ": cannot read the HF cache: " + e.getMessage(), e);
        }
        if (matches.isEmpty()) {
            throw new BadInputException("-hf " + m.value() + ": no " + quant.toUpperCase(Locale.ROOT)
                    + " .gguf file in the HF cache snapshot " + snapshot);
        }
        // a split GGUF (-00001-of-0000N) is read from its first part
        return matches.get(0);
    }

    /** The workload the launch runs, validated by {@link WorkloadRequest}. */
    public static WorkloadRequest workload(Launch l, ModelSpec model) {
        if (l.settings() instanceof VllmLaunch v) {
            refuseVllm(v);
            Long ctx = l.perSequenceContext() != null ? l.perSequenceContext() : model.maxContext();
            return new WorkloadRequest(
                    null,
                    ctx,
                    vllmWeightDtype(v),
                    vllmKvDtype(v.kvCacheDtype()),
                    "vllm",
                    null,
                    null,
                    null,
                    v.tensorParallelSize());
        }
        LlamaLaunch ll = (LlamaLaunch) l.settings();
        refuseLlama(ll);
        boolean unified = Boolean.TRUE.equals(ll.kvUnified());
        int slots = l.parallelSequences() == null ? 1 : l.parallelSequences();
        Long ctx = l.perSequenceContext();
        if (ctx == null && model.maxContext() != null) {
            // no -c: n_ctx is the training context, shared by the sequences unless unified
            ctx = unified || slots <= 1 ? model.maxContext() : Math.max(1, model.maxContext() / slots);
        }
        // a unified buffer holds n_ctx cells whatever the slots: judged as one sequence of n_ctx
        int seqs = unified ? 1 : slots;
        return new WorkloadRequest(seqs, ctx, null, null, "llama.cpp", null, null, null, null);
    }

    /** The launch's memory settings as engine options on {@code w}. */
    public static Workload withEngineOptions(Launch l, Workload w) {
        Workload out = w;
        if (l.settings() instanceof VllmLaunch v) {
            out = set(out, EngineOption.GPU_MEMORY_UTILIZATION, v.gpuMemoryUtilization());
            out = set(out, EngineOption.MAX_NUM_SEQS, v.maxNumSeqs());
            out = set(out, EngineOption.MAX_NUM_BATCHED_TOKENS, v.maxNumBatchedTokens());
            out = set(out, EngineOption.BLOCK_SIZE, v.blockSize());
            out = set(out, EngineOption.ENFORCE_EAGER, v.enforceEager());
            out = set(out, EngineOption.CHUNKED_PREFILL, v.enableChunkedPrefill());
            return out;
        }
        LlamaLaunch ll = (LlamaLaunch) l.settings();
        out = set(out, EngineOption.PARALLEL, w.batch());
        out = set(out, EngineOption.N_BATCH, ll.batch());
        out = set(out, EngineOption.UBATCH, ll.ubatch());
        out = set(out, EngineOption.GPU_LAYERS, ll.gpuLayers());
        out = set(
                out,
                EngineOption.FLASH_ATTN,
                ll.flashAttn() == null ? null : ll.flashAttn().name().toLowerCase(Locale.ROOT));
        out = set(
                out,
                EngineOption.CACHE_TYPE_K,
                ll.cacheTypeK() == null ? null : ll.cacheTypeK().ggmlName());
        out = set(
                out,
                EngineOption.CACHE_TYPE_V,
                ll.cacheTypeV() == null ? null : ll.cacheTypeV().ggmlName());
        out = set(out, EngineOption.CPU_MOE, ll.cpuMoe());
        out = set(out, EngineOption.SWA_FULL, ll.swaFull());
        out = set(out, EngineOption.EMBEDDINGS, ll.embeddings());
        return out;
    }

    private static Workload set(Workload w, EngineOption key, Object value) {
        return value == null ? w : w.withEngineOption(key, value.toString());
    }

    private static void refuseVllm(VllmLaunch v) {
        List<String> refused = new ArrayList<>();
        if (v.pipelineParallelSize() != null && v.pipelineParallelSize() > 1) {
            refused.add("--pipeline-parallel-size " + v.pipelineParallelSize()
                    + " (the per-device share of a pipeline split is not modelled)");
        }
        if (v.quantization() != null && !isKnownQuantization(v.quantization())) {
            refused.add("--quantization " + v.quantization() + " (an online quantization gpufit does not size)");
        }
        throwIfAny("vllm serve", refused);
    }

    /** Quantizations read from the checkpoint's own config (the estimate reads them there), and fp8. */
    private static boolean isKnownQuantization(String q) {
        return switch (q.toLowerCase(Locale.ROOT)) {
            case "fp8", "awq", "awq_marlin", "gptq", "gptq_marlin", "compressed-tensors", "marlin", "gguf" -> true;
            default -> false;
        };
    }

    private static void refuseLlama(LlamaLaunch ll) {
        List<String> refused = new ArrayList<>();
        if (!ll.tensorOverrides().isEmpty()) {
            refused.add("-ot (tensor buffer overrides move tensors between devices; not modelled)");
        }
        if (ll.nCpuMoe() != null && ll.nCpuMoe() > 0) {
            refused.add("--n-cpu-moe " + ll.nCpuMoe() + " (experts of some layers in host memory; not modelled)");
        }
        throwIfAny("llama-server", refused);
    }

    private static void throwIfAny(String engine, List<String> refused) {
        if (!refused.isEmpty()) {
            throw new BadInputException(engine + ": gpufit does not model the memory these change, so it cannot"
                    + " judge this launch: " + String.join(", ", refused));
        }
    }

    static String vllmWeightDtype(VllmLaunch v) {
        if (v.quantization() != null && v.quantization().equalsIgnoreCase("fp8")) {
            return "fp8";
        }
        String d = v.dtype();
        if (d == null) {
            return null;
        }
        return switch (d.toLowerCase(Locale.ROOT)) {
            case "auto" -> null;
            case "half", "float16", "fp16" -> "fp16";
            case "bfloat16", "bf16" -> "bf16";
            case "float", "float32", "fp32" -> "fp32";
            default -> throw new BadInputException("vllm serve --dtype " + d + ": not a dtype gpufit knows");
        };
    }

    static String vllmKvDtype(String kv) {
        if (kv == null) {
            return null;
        }
        String k = kv.toLowerCase(Locale.ROOT);
        if (k.equals("auto")) {
            return null;
        }
        if (k.startsWith("fp8")) {
            return "fp8";
        }
        return switch (k) {
            case "bfloat16", "bf16" -> "bf16";
            case "half", "float16", "fp16" -> "f16";
            default ->
                throw new BadInputException("vllm serve --kv-cache-dtype " + kv + ": not a KV dtype gpufit knows");
        };
    }
}
