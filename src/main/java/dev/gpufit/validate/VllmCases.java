package dev.gpufit.validate;

import dev.gpufit.estimate.Engine;
import dev.gpufit.estimate.EngineOption;
import dev.gpufit.estimate.KvDtype;
import dev.gpufit.estimate.MemoryEstimate;
import dev.gpufit.estimate.MemoryEstimator;
import dev.gpufit.estimate.Workload;
import dev.gpufit.estimate.engine.VllmCapacity;
import dev.gpufit.estimate.engine.VllmKv;
import dev.gpufit.estimate.engine.VllmSettings;
import dev.gpufit.model.ModelSpec;
import dev.gpufit.model.WeightsInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs a vLLM case: max_model_len, utilization and batch settings from the case; the device total
 * from the log; the profile's weights and activation peak; {@link VllmCapacity} for the KV token
 * capacity. Non-torch memory depends on the machine (driver, other allocations), not the model:
 * where vLLM logged it, it is fed from the log and said so.
 */
final class VllmCases {
    private static final double GIB = 1 << 30;
    private static final Pattern TOTAL = Pattern.compile("total_gpu_memory[^0-9]{0,4}([0-9]+(?:\\.[0-9]+)?)\\s*GiB");
    private static final Pattern CONCURRENCY = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)x");

    /**
     * Device totals a case implies but does not print, with the reason. B12: an A100-SXM4-40GB
     * (GCE a2-highgpu-1g), which torch reports as 39.39 GiB; the case note says ~39.4 GiB.
     */
    private static final Map<String, Double> ASSUMED_TOTAL_GIB = Map.of("B12", 39.39);

    private VllmCases() {}

    static CaseResult run(GroundTruthCase c, ModelSpec spec, List<String> notes) {
        long maxLen = (long) c.number("max_model_len").orElse(4096);
        String engine = c.engine();
        String quote = c.quote();
        boolean v0 = engine.contains("V0") || quote.contains("V0 LLM engine");
        Map<String, String> opts = new LinkedHashMap<>();
        OptionalDouble mnbt = c.measured("max_num_batched_tokens");
        if (mnbt.isPresent()) {
            opts.put(EngineOption.MAX_NUM_BATCHED_TOKENS.key(), Long.toString((long) mnbt.getAsDouble()));
        } else if (v0 || quote.contains("chunked_prefill_enabled=False")) {
            opts.put(
                    EngineOption.CHUNKED_PREFILL.key(),
                    "false"); // V0 without chunked prefill profiles max(max_model_len, 2048) tokens
        }
        if (engine.contains("enforce_eager=True") || quote.contains("enforce_eager=True")) {
            opts.put(EngineOption.ENFORCE_EAGER.key(), "true");
        }
        OptionalDouble nonTorch = c.measured("non_torch_gib", "non_torch_memory_gib");
        List<String> fed = new ArrayList<>();
        if (nonTorch.isPresent()) {
            opts.put(EngineOption.NON_TORCH.key(), Long.toString((long) (nonTorch.getAsDouble() * GIB)));
            fed.add("non-torch memory " + nonTorch.getAsDouble() + " GiB");
        }
        // device total and the budget vLLM computed from it
        OptionalDouble total = c.measured("total_gpu_memory_gib");
        String totalHow = "as logged";
        if (total.isEmpty()) {
            Matcher m = TOTAL.matcher(quote + " " + c.text("gpu").orElse(""));
            if (m.find()) {
                total = OptionalDouble.of(Double.parseDouble(m.group(1)));
            } else if (ASSUMED_TOTAL_GIB.containsKey(c.id())) {
                total = OptionalDouble.of(ASSUMED_TOTAL_GIB.get(c.id()));
                totalHow = "assumed: the GPU named in the case as torch reports it";
            }
        }
        OptionalDouble util = c.number("gpu_memory_utilization");
        OptionalDouble usable = c.measured("usable_gib");
        if (total.isPresent() && usable.isPresent()) {
            util = OptionalDouble.of(usable.getAsDouble() / total.getAsDouble()); // as vLLM applied it (logs round it)
        }
        if (util.isPresent()) {
            opts.put(EngineOption.GPU_MEMORY_UTILIZATION.key(), Double.toString(util.getAsDouble()));
        }
        ModelSpec s = spec;
        boolean bnb = c.text("dtype").orElse("").toLowerCase(Locale.ROOT).matches(".*(bnb|bitsandbytes).*");
        OptionalDouble loggedWeights = c.measured("weights_GB_as_logged", "weights_gib");
        if (bnb && loggedWeights.isPresent()) {
            s = spec.toBuilder()
                    .weights(new WeightsInfo(
                            (long) (loggedWeights.getAsDouble() * GIB), null, null, null, List.of(), "measured"))
                    .build();
            fed.add("weights " + loggedWeights.getAsDouble() + " GiB (bitsandbytes)");
        }
        Workload w = new Workload(1, maxLen, null, null, Engine.VLLM, null, null, 1, opts);
        notes.add("settings from the case: max_model_len " + maxLen + ", " + opts + "; device total "
                + (total.isPresent() ? total.getAsDouble() + " GiB (" + totalHow + ")" : "unknown"));
        if (!fed.isEmpty()) {
            notes.add("fed from the log: " + String.join(", ", fed));
        }
        MemoryEstimate e = MemoryEstimator.estimate(s, w);
        KvDtype dt = KvDtype.of(e.kvDtype());
        VllmSettings st = VllmSettings.of(w, maxLen);
        long blockBytes = VllmKv.blockBytes(s, dt, 1, st.blockSize());

        Seed seed = Seed.of(c, spec, maxLen);
        List<Check> checks = new ArrayList<>();
        if (loggedWeights.isPresent()) {
            checks.add(LlamaCppCases.check(
                    c,
                    "weights",
                    loggedWeights.getAsDouble() * GIB,
                    e.weightsBytes(),
                    seed == null ? null : seed.weights,
                    Bounds.WEIGHTS,
                    null));
        }
        OptionalDouble act = c.measured("activation_peak_gib");
        if (act.isEmpty() && c.measured("peak_torch_memory_gib").isPresent() && loggedWeights.isPresent()) {
            act = OptionalDouble.of(c.measured("peak_torch_memory_gib").getAsDouble() - loggedWeights.getAsDouble());
        }
        if (act.isPresent()) {
            checks.add(new Check(
                    "activations",
                    "bytes",
                    act.getAsDouble() * GIB,
                    e.activationsBytes(),
                    seed == null ? null : seed.activations,
                    null,
                    null,
                    "vLLM's profile peak: not bounded (shown for the KV budget)"));
        }
        OptionalDouble kvMem = c.measured("kv_cache_gib", "available_kv_cache_gib", "kv_cache_size_gib");
        OptionalDouble tokens = c.measured("gpu_kv_cache_tokens", "kv_tokens");
        String tokensNote = null;
        if (tokens.isEmpty() && c.measured("gpu_blocks").isPresent()) {
            tokens = OptionalDouble.of(c.measured("gpu_blocks").getAsDouble() * st.blockSize());
            tokensNote = "logged GPU blocks x " + st.blockSize();
        }
        if (tokens.isPresent() && kvMem.isPresent()) {
            double fromMem = Math.floor(kvMem.getAsDouble() * GIB / blockBytes) * st.blockSize();
            checks.add(new Check(
                    "kv_tokens_from_kv_memory",
                    "tokens",
                    tokens.getAsDouble(),
                    fromMem,
                    null,
                    Bounds.KV,
                    null,
                    "the logged KV memory / gpufit's block bytes (" + blockBytes + "): the KV arithmetic alone"));
        }
        if (tokens.isEmpty() && kvMem.isPresent()) {
            tokens = OptionalDouble.of(Math.floor(kvMem.getAsDouble() * GIB / blockBytes) * st.blockSize());
            tokensNote = "derived: the logged KV memory / block bytes (the log prints no token count)";
        }
        if (tokens.isPresent()) {
            Check k;
            if (total.isPresent() && util.isPresent()) {
                VllmCapacity cap = VllmCapacity.of(s, w, e, (long) (total.getAsDouble() * GIB));
                Double seedTokens = seed == null
                        ? null
                        : Math.max(
                                0, Math.floor((cap.budgetBytes() - seed.weights - seed.activations) / seed.kvPerToken));
                k = new Check(
                        "kv_tokens",
                        "tokens",
                        tokens.getAsDouble(),
                        cap.kvCacheTokens(),
                        seedTokens,
                        Bounds.VLLM_KV_TOKENS,
                        null,
                        tokensNote);
                OptionalDouble conc = concurrency(c);
                if (conc.isPresent()) {
                    checks.add(k);
                    k = new Check(
                            "max_concurrency",
                            "ratio",
                            conc.getAsDouble(),
                            Math.floor(cap.maxConcurrency() * 100) / 100,
                            null,
                            null,
                            null,
                            "at max_model_len " + maxLen);
                }
            } else {
                k = new Check(
                        "kv_tokens",
                        "tokens",
                        tokens.getAsDouble(),
                        Double.NaN,
                        null,
                        Bounds.VLLM_KV_TOKENS,
                        "device total or gpu_memory_utilization not stated: vLLM's budget is unknown",
                        tokensNote);
            }
            checks.add(k);
        }
        if (seed != null) {
            notes.add(seed.note);
        }
        notes.add(
                "no total: vLLM fills gpu_memory_utilization x total with KV blocks, so its total is the budget by construction;"
                        + " the KV token capacity is the check");
        return new CaseResult(c.id(), "vllm", c.model(), null, checks, notes);
    }

    private static OptionalDouble concurrency(GroundTruthCase c) {
        String v = c.measuredNode().path("max_concurrency").asText("");
        Matcher m = CONCURRENCY.matcher(v);
        return m.find() ? OptionalDouble.of(Double.parseDouble(m.group(1))) : OptionalDouble.empty();
    }

    /** The seed formula for a vLLM run: weights p·t/8, activations l·s·h·t/8, KV 2·l·h·t/8 per token (no GQA). */
    record Seed(double weights, double activations, double kvPerToken, String note) {
        static Seed of(GroundTruthCase c, ModelSpec spec, long maxLen) {
            String d = c.text("dtype").orElse("").toLowerCase(Locale.ROOT);
            int t = d.contains("4-bit") || d.contains("4bit") || d.contains("nf4") ? 4 : 16;
            OptionalDouble pc = c.arch("params");
            double p = pc.isPresent()
                    ? pc.getAsDouble()
                    : dev.gpufit.estimate.ParameterCounter.count(spec).total();
            double l = spec.layers();
            double h = spec.hiddenSize();
            return new Seed(
                    p * t / 8,
                    l * maxLen * h * t / 8,
                    2 * l * h * t / 8,
                    "seed formula with p = " + (long) p + ", t = " + t + " bits, s = max_model_len " + maxLen
                            + "; seed KV tokens = (budget - m - a) / (2 l h t / 8)");
        }
    }
}
