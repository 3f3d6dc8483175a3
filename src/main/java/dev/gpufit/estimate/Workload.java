package dev.gpufit.estimate;

import java.util.Map;

/**
 * What the model will be asked to do, and how it is loaded. Every knob the arithmetic reads is
 * here, explicitly: the estimator reads no environment, files or clocks.
 *
 * @param batch          concurrent sequences (default 1)
 * @param context        tokens per sequence, prompt + generated ({@code null}: the engine's or model's default)
 * @param weightDtype    weights: fp32 bf16 fp16 fp8 int8 int4, or a GGUF type such as q4_k_m;
 *                       {@code null}: as stored (native dtype / the files)
 * @param kvDtype        KV cache type (f16, bf16, fp8, q8_0, q4_0); {@code null}: the engine's default
 * @param engine         the engine whose profile sizes the memory ({@code null}: generic)
 * @param method         seed or detailed
 * @param platform       linux or mac
 * @param tensorParallel devices the model is split across (1 = one device)
 * @param engineOptions  engine-specific settings by option name (ubatch, gpu-memory-utilization ...), parsed once
 */
public record Workload(
        int batch,
        Long context,
        WeightPrecision weightDtype,
        KvPrecision kvDtype,
        Engine engine,
        Method method,
        Platform platform,
        int tensorParallel,
        EngineSettings engineOptions) {

    public Workload {
        engine = engine == null ? Engine.GENERIC : engine;
        method = method == null ? Method.DETAILED : method;
        platform = platform == null ? Platform.LINUX : platform;
        engineOptions = engineOptions == null ? EngineSettings.NONE : engineOptions;
    }

    /** A workload with engine settings given as key=value text ({@link EngineSettings#of}). */
    public Workload(
            int batch,
            Long context,
            WeightPrecision weightDtype,
            KvPrecision kvDtype,
            Engine engine,
            Method method,
            Platform platform,
            int tensorParallel,
            Map<String, String> engineOptions) {
        this(
                batch,
                context,
                weightDtype,
                kvDtype,
                engine,
                method,
                platform,
                tensorParallel,
                EngineSettings.of(engineOptions));
    }

    public static Workload defaults() {
        return new Workload(
                1, null, null, null, Engine.GENERIC, Method.DETAILED, Platform.LINUX, 1, EngineSettings.NONE);
    }

    public Workload withBatch(int v) {
        return new Workload(v, context, weightDtype, kvDtype, engine, method, platform, tensorParallel, engineOptions);
    }

    public Workload withContext(Long v) {
        return new Workload(batch, v, weightDtype, kvDtype, engine, method, platform, tensorParallel, engineOptions);
    }

    public Workload withWeightDtype(WeightPrecision v) {
        return new Workload(batch, context, v, kvDtype, engine, method, platform, tensorParallel, engineOptions);
    }

    public Workload withTensorParallel(int v) {
        return new Workload(batch, context, weightDtype, kvDtype, engine, method, platform, v, engineOptions);
    }

    public Workload withEngineOptions(EngineSettings v) {
        return new Workload(batch, context, weightDtype, kvDtype, engine, method, platform, tensorParallel, v);
    }

    /**
     * The workload with one engine option set, replacing it in whatever spelling it was given
     * ({@link dev.gpufit.estimate.EngineOpts#canonical}: max_num_seqs and max-num-seqs are one key).
     */
    public Workload withEngineOption(String key, String value) {
        return withEngineOptions(engineOptions.with(key, value));
    }

    /** {@link #withEngineOption(String, String)} under the option's canonical key. */
    public Workload withEngineOption(EngineOption option, String value) {
        return withEngineOption(option.key(), value);
    }

    public Workload withPlatform(Platform v) {
        return new Workload(batch, context, weightDtype, kvDtype, engine, method, v, tensorParallel, engineOptions);
    }
}
