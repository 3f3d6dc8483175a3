package dev.gpufit.launch;

import dev.gpufit.BadInputException;
import java.util.ArrayList;
import java.util.List;

/** Collects the modelled llama.cpp flags of one command line; later settings win, as in llama.cpp. */
final class LlamaSettingsBuilder {
    String modelPath;
    String hfRepo;
    String hfFile;
    String modelUrl;
    String dockerRepo;
    Long ctxSize;
    Integer parallel;
    Boolean kvUnified;
    Long batch;
    Long ubatch;
    Integer gpuLayers;
    FlashAttn flashAttn;
    GgmlCacheType cacheTypeK;
    GgmlCacheType cacheTypeV;
    final List<TensorOverride> overrides = new ArrayList<>();
    Boolean cpuMoe;
    Integer nCpuMoe;
    List<Double> tensorSplit;
    SplitMode splitMode;
    Integer mainGpu;
    List<String> devices;
    Boolean swaFull;
    Boolean mmap;
    Boolean mlock;
    Boolean kvOffload;
    Boolean fit;
    Long fitTargetMib;
    Long fitMinCtx;
    String mmproj;
    Boolean mmprojAuto;
    Boolean mmprojOffload;
    Boolean embeddings;
    Long cacheRamMib;

    void apply(FlagUse u) {
        String v = u.value();
        switch (u.spec().key()) {
            case "--model" -> modelPath = v;
            case "--hf-repo" -> hfRepo = v;
            case "--hf-file" -> hfFile = v;
            case "--model-url" -> modelUrl = v;
            case "--docker-repo" -> dockerRepo = v;
            case "--ctx-size" -> ctxSize = Values.nonNegative(u);
            case "--parallel" -> parallel = Values.integer(u);
            case "--kv-unified" -> kvUnified = true;
            case "--batch-size" -> batch = Values.positive(u);
            case "--ubatch-size" -> ubatch = Values.positive(u);
            case "--swa-full" -> swaFull = true;
            case "--flash-attn" -> flashAttn = flashAttn(u);
            case "--cache-type-k" -> cacheTypeK = cacheType(u);
            case "--cache-type-v" -> cacheTypeV = cacheType(u);
            case "--kv-offload" -> kvOffload = u.positive();
            case "--gpu-layers" -> gpuLayers = Values.integer(u);
            case "--override-tensor" -> overrides.addAll(overrides(u));
            case "--cpu-moe" -> cpuMoe = true;
            case "--n-cpu-moe" -> nCpuMoe = (int) Values.nonNegative(u);
            case "--tensor-split" -> tensorSplit = tensorSplit(u);
            case "--split-mode" -> splitMode = splitMode(u);
            case "--main-gpu" -> mainGpu = Values.integer(u);
            case "--device" -> devices = LlamaCppCommandParser.split(v, ",");
            case "--fit" -> fit = onOff(u);
            case "--fit-target" -> fitTargetMib = (long) Values.integer(u);
            case "--fit-ctx" -> fitMinCtx = (long) Values.integer(u);
            case "--mmap" -> mmap = u.positive();
            case "--mlock" -> mlock = true;
            case "--cache-ram" -> cacheRamMib = (long) Values.integer(u);
            case "--mmproj" -> mmproj = v;
            case "--mmproj-auto" -> mmprojAuto = u.positive();
            case "--mmproj-offload" -> mmprojOffload = u.positive();
            case "--embedding", "--reranking" -> embeddings = true;
            default ->
                throw new IllegalStateException(
                        "modelled llama.cpp flag without a reader: " + u.spec().key());
        }
    }

    /** The model as llama.cpp picks it (common_params_handle_model: docker, then -hf, then -mu, then -m). */
    ModelReference model(EngineKind engine) {
        if (dockerRepo != null) {
            return withQuant(ModelReference.Kind.DOCKER_REPO, dockerRepo, null);
        }
        if (hfRepo != null) {
            // without -hff, a -m next to -hf names the file inside the repository
            return withQuant(ModelReference.Kind.HF_REPO, hfRepo, hfFile != null ? hfFile : modelPath);
        }
        if (modelUrl != null) {
            return new ModelReference(ModelReference.Kind.URL, modelUrl, null, modelPath);
        }
        if (modelPath != null) {
            return ModelReference.of(ModelReference.Kind.FILE, modelPath);
        }
        throw new BadInputException(engine.command()
                + " names no model: give -m FILE, -hf USER/MODEL[:QUANT] (or LLAMA_ARG_MODEL / LLAMA_ARG_HF_REPO)");
    }

    private static ModelReference withQuant(ModelReference.Kind kind, String value, String file) {
        int slash = value.indexOf('/');
        int colon = value.indexOf(':', Math.max(slash, 0));
        if (colon < 0) {
            return new ModelReference(kind, value, null, file);
        }
        String quant = value.substring(colon + 1);
        return new ModelReference(kind, value.substring(0, colon), quant.isEmpty() ? null : quant, file);
    }

    LlamaLaunch build(boolean unified) {
        return new LlamaLaunch(
                ctxSize,
                parallel,
                unified,
                batch,
                ubatch,
                gpuLayers,
                flashAttn,
                cacheTypeK,
                cacheTypeV,
                overrides,
                cpuMoe,
                nCpuMoe,
                tensorSplit,
                splitMode,
                mainGpu,
                devices,
                swaFull,
                mmap,
                mlock,
                kvOffload,
                fit,
                fitTargetMib,
                fitMinCtx,
                mmproj,
                mmprojAuto,
                mmprojOffload,
                embeddings,
                cacheRamMib);
    }

    private static FlashAttn flashAttn(FlagUse u) {
        String v = u.value();
        Boolean b = Values.llamaBool(v);
        if (b != null) {
            return b ? FlashAttn.ON : FlashAttn.OFF;
        }
        if (v.equals("auto") || v.equals("-1")) {
            return FlashAttn.AUTO;
        }
        throw Values.bad(u, "on, off or auto");
    }

    private static boolean onOff(FlagUse u) {
        Boolean b = Values.llamaBool(u.value());
        if (b == null) {
            throw Values.bad(u, "on or off");
        }
        return b;
    }

    private static GgmlCacheType cacheType(FlagUse u) {
        return GgmlCacheType.of(u.value()).orElseThrow(() -> Values.bad(u, "one of " + GgmlCacheType.allNames()));
    }

    private static SplitMode splitMode(FlagUse u) {
        return switch (u.value()) {
            case "none" -> SplitMode.NONE;
            case "layer" -> SplitMode.LAYER;
            case "row" -> SplitMode.ROW;
            default -> throw Values.bad(u, "none, layer or row");
        };
    }

    /** common/arg.cpp parse_tensor_buffer_overrides: comma-separated PATTERN=BUFFER_TYPE. */
    private static List<TensorOverride> overrides(FlagUse u) {
        List<TensorOverride> out = new ArrayList<>();
        for (String item : LlamaCppCommandParser.split(u.value(), ",")) {
            int eq = item.indexOf('=');
            if (eq <= 0 || eq == item.length() - 1) {
                throw Values.bad(u, "PATTERN=BUFFER_TYPE entries separated by commas");
            }
            out.add(new TensorOverride(item.substring(0, eq), item.substring(eq + 1)));
        }
        if (out.isEmpty()) {
            throw Values.bad(u, "PATTERN=BUFFER_TYPE entries separated by commas");
        }
        return out;
    }

    /** -ts 3,1 or 3/1: proportions split on commas and slashes, as common/arg.cpp does. */
    private static List<Double> tensorSplit(FlagUse u) {
        List<Double> out = new ArrayList<>();
        for (String part : LlamaCppCommandParser.split(u.value(), "[,/]+")) {
            try {
                double d = Double.parseDouble(part.strip());
                if (!(d >= 0) || Double.isInfinite(d)) {
                    throw Values.bad(u, "non-negative proportions such as 3,1");
                }
                out.add(d);
            } catch (NumberFormatException e) {
                throw Values.bad(u, "proportions such as 3,1");
            }
        }
        if (out.isEmpty()) {
            throw Values.bad(u, "proportions such as 3,1");
        }
        return out;
    }
}
