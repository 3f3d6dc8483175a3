package dev.gpufit.validate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gpufit.BadInputException;
import dev.gpufit.estimate.Engine;
import dev.gpufit.estimate.EngineOption;
import dev.gpufit.estimate.EngineProfiles;
import dev.gpufit.estimate.EstimateInputs;
import dev.gpufit.estimate.KvDtype;
import dev.gpufit.estimate.ParameterCounter;
import dev.gpufit.estimate.Platform;
import dev.gpufit.estimate.WeightDtypes;
import dev.gpufit.estimate.WeightPrecision;
import dev.gpufit.estimate.Workload;
import dev.gpufit.estimate.engine.LlamaCppBuffers;
import dev.gpufit.estimate.engine.LlamaCppProfile;
import dev.gpufit.model.ModelSpec;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs a llama.cpp or Ollama case: the settings from the case (n_ctx, n_seq, n_batch, n_ubatch,
 * flash attention, cache types, layers offloaded), the weight type from its quant string, and
 * the logged buffers (MiB) against {@link LlamaCppBuffers}.
 */
final class LlamaCppCases {
    private static final double MIB = 1 << 20;
    private static final double GIB = 1 << 30;
    private static final Pattern OFFLOAD = Pattern.compile("^\\s*(\\d+)\\s*/\\s*(\\d+)");

    private LlamaCppCases() {}

    static CaseResult run(GroundTruthCase c, ModelSpec spec, String profileName, List<String> notes) {
        String dtype = c.text("quant")
                .map(q -> q.strip().split("[\\s(]")[0].toLowerCase(Locale.ROOT))
                .orElse(null);
        if (dtype != null && WeightDtypes.find(dtype).isEmpty()) {
            notes.add("quant '" + dtype + "' is not a type gpufit knows; weights at the checkpoint's dtype");
            dtype = null;
        }
        int nSeq = (int) c.number("n_seq_max").orElse(1);
        long nCtx = (long) c.number("n_ctx").orElse(4096);
        long ctx = (long) c.number("n_ctx_per_seq").orElse(nCtx / nSeq);
        Map<String, String> opts = new LinkedHashMap<>();
        opts.put(EngineOption.PARALLEL.key(), Integer.toString(nSeq));
        c.number("n_batch").ifPresent(v -> opts.put(EngineOption.N_BATCH.key(), Long.toString((long) v)));
        c.number("n_ubatch").ifPresent(v -> opts.put(EngineOption.UBATCH.key(), Long.toString((long) v)));
        opts.put(EngineOption.FLASH_ATTN.key(), flash(c.node().get("flash_attn")));
        c.text("type_k").ifPresent(v -> opts.put(EngineOption.CACHE_TYPE_K.key(), v));
        c.text("type_v").ifPresent(v -> opts.put(EngineOption.CACHE_TYPE_V.key(), v));
        String ngl = c.text("n_gpu_layers").orElse("");
        if (ngl.toLowerCase(Locale.ROOT).contains("cpu only")) {
            opts.put(EngineOption.BACKEND.key(), "cpu");
        } else {
            Matcher m = OFFLOAD.matcher(ngl);
            if (m.find() && !m.group(1).equals(m.group(2))) {
                opts.put(EngineOption.GPU_LAYERS.key(), m.group(1));
            }
            if (ngl.contains("exps") && ngl.contains("CPU")) {
                opts.put(EngineOption.CPU_MOE.key(), "true");
            }
        }
        String gpu = c.text("gpu").orElse("");
        Platform platform = gpu.contains("Apple") || gpu.contains("Metal") ? Platform.MAC : Platform.LINUX;
        Workload w = new Workload(
                nSeq,
                ctx,
                dtype == null ? null : WeightPrecision.of(dtype),
                null,
                Engine.of(profileName),
                null,
                platform,
                1,
                opts);
        notes.add("settings from the case: " + opts + ", context " + ctx + " per sequence, weights " + dtype);

        LlamaCppProfile profile = (LlamaCppProfile) EngineProfiles.of(w.engine());
        KvDtype kv = KvDtype.of(c.text("type_k").orElse("f16"));
        EstimateInputs in = new EstimateInputs(spec, w, ctx, ParameterCounter.count(spec), kv, 2);
        LlamaCppBuffers b = profile.buffers(in);
        boolean cpuOnly = b.settings().cpuOnly();

        Seed seed = Seed.of(c, spec, dtype, nSeq, ctx);
        List<Check> checks = new ArrayList<>();
        Logged weights = loggedWeights(c);
        checks.add(check(
                c,
                "weights",
                weights.value,
                b.weights(),
                seed == null ? null : seed.weights,
                Bounds.WEIGHTS,
                weights.note));
        OptionalDouble kvLogged = sumOr(c, "kv_mib", "actual_kv_mib", "kv_cuda_host_mib", "kv_cuda\\d+_mib");
        if (kvLogged.isPresent()) {
            checks.add(check(
                    c, "kv", kvLogged.getAsDouble() * MIB, b.kv(), seed == null ? null : seed.kv, Bounds.KV, null));
        }
        OptionalDouble compute = cpuOnly
                ? c.measured("compute_cpu_mib")
                : c.measured("compute_cuda0_mib", "actual_compute_cuda0_mib", "actual_compute_metal_mib");
        long computeMain = cpuOnly ? b.computeHost() : b.computeDevice();
        if (compute.isPresent()) {
            checks.add(check(
                    c,
                    "compute",
                    compute.getAsDouble() * MIB,
                    computeMain,
                    seed == null ? null : seed.activations,
                    Bounds.LLAMA_CPP_COMPUTE,
                    cpuOnly ? "the CPU compute buffer (CPU-only run)" : null));
        }
        OptionalDouble computeHost = cpuOnly
                ? OptionalDouble.empty()
                : c.measured("compute_host_mib", "actual_compute_host_mib", "actual_compute_cpu_mib");
        if (computeHost.isPresent()) {
            checks.add(check(
                    c,
                    "compute_host",
                    computeHost.getAsDouble() * MIB,
                    b.computeHost(),
                    null,
                    Bounds.LLAMA_CPP_COMPUTE,
                    null));
        }
        OptionalDouble output = c.measured("output_buffer_host_mib", "output_buffer_cpu_mib");
        if (output.isPresent()) {
            checks.add(check(c, "output", output.getAsDouble() * MIB, b.outputBuffer(), null, null, null));
        }
        if (weights.value > 0 && kvLogged.isPresent() && compute.isPresent()) {
            int gpus = Math.max(1, countKeys(c, "compute_cuda\\d+_mib"));
            double logged = weights.value
                    + kvLogged.getAsDouble() * MIB
                    + compute.getAsDouble() * MIB * (cpuOnly ? 1 : gpus)
                    + computeHost.orElse(0) * MIB
                    + output.orElse(0) * MIB;
            double est = b.weights()
                    + b.kv()
                    + (double) computeMain * (cpuOnly ? 1 : gpus)
                    + (computeHost.isPresent() ? b.computeHost() : 0)
                    + (output.isPresent() ? b.outputBuffer() : 0);
            OptionalDouble lora = c.measured("lora_cuda0_mib");
            checks.add(check(
                    c,
                    "total",
                    logged,
                    est,
                    seed == null ? null : seed.total(),
                    Bounds.TOTAL,
                    "sum of the logged buffers"
                            + (lora.isPresent()
                                    ? " less the LoRA adapter (" + lora.getAsDouble() + " MiB, not modelled)"
                                    : "")
                            + "; the CUDA context is not in the logs, so not here either"));
        }
        if (seed != null) {
            notes.add(seed.note);
        }
        return new CaseResult(c.id(), profileName, c.model(), null, checks, notes);
    }

    private static String flash(JsonNode fa) {
        if (fa == null || fa.isNull()) {
            return "auto";
        }
        if (fa.isBoolean()) {
            return fa.asBoolean() ? "on" : "off";
        }
        String t = fa.asText().toLowerCase(Locale.ROOT);
        return t.contains("enabled") || t.equals("1") || t.equals("true") || t.equals("on")
                ? "on"
                : t.contains("auto") ? "auto" : "off";
    }

    private record Logged(double value, String note) {}

    /**
     * The weights as logged: the model buffers summed; where that sum exceeds the file size (a
     * mapped CPU buffer spans the file range and so covers tensors that sit on a GPU), the file size.
     */
    private static Logged loggedWeights(GroundTruthCase c) {
        double sum = 0;
        for (Iterator<String> it = c.measuredNode().fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (k.matches("(actual_)?weights_.*_mib")) {
                sum += c.measured(k).orElse(0) * MIB;
            }
        }
        OptionalDouble file = c.measured("file_size_gib", "model_size_gib");
        if (file.isPresent() && sum > file.getAsDouble() * GIB * 1.01) {
            return new Logged(
                    file.getAsDouble() * GIB,
                    "the file size: the model buffers add up to " + Math.round(sum / MIB)
                            + " MiB, more than the file, because a mapped CPU buffer spans the file range including tensors on the GPUs");
        }
        return new Logged(sum, null);
    }

    private static OptionalDouble sumOr(GroundTruthCase c, String... keys) {
        for (String k : keys) {
            if (k.contains("\\")) {
                double s = 0;
                boolean any = false;
                for (Iterator<String> it = c.measuredNode().fieldNames(); it.hasNext(); ) {
                    String f = it.next();
                    if (f.matches(k)) {
                        s += c.measured(f).orElse(0);
                        any = true;
                    }
                }
                if (any) {
                    return OptionalDouble.of(s);
                }
            } else if (c.measured(k).isPresent()) {
                return c.measured(k);
            }
        }
        return OptionalDouble.empty();
    }

    private static int countKeys(GroundTruthCase c, String regex) {
        int n = 0;
        for (Iterator<String> it = c.measuredNode().fieldNames(); it.hasNext(); ) {
            if (it.next().matches(regex)) {
                n++;
            }
        }
        return n;
    }

    static Check check(
            GroundTruthCase c, String term, double logged, double est, Double seed, Double bound, String note) {
        Check k = new Check(term, "bytes", logged, est, seed, bound, null, note);
        return Exclusions.forTerm(c.id(), term).map(k::excludedBecause).orElse(k);
    }

    /** The seed formula's terms for the case: p·t/8, l·b·s·h·t/8, 2·b·s·l·h·t/8 (no fixed overhead: logs show none). */
    record Seed(double weights, double activations, double kv, String note) {
        double total() {
            return weights + activations + kv;
        }

        static Seed of(GroundTruthCase c, ModelSpec spec, String dtype, long b, long s) {
            int t;
            try {
                t = dev.gpufit.estimate.SeedBits.of(dtype == null ? spec.nativeDtype() : dtype);
            } catch (BadInputException e) {
                return null;
            }
            OptionalDouble pb = c.measured("model_params_b");
            if (pb.isEmpty()) {
                pb = c.arch("params_b");
            }
            double p = pb.isPresent()
                    ? pb.getAsDouble() * 1e9
                    : ParameterCounter.count(spec).total();
            double l = spec.layers();
            double h = spec.hiddenSize();
            return new Seed(
                    p * t / 8,
                    l * b * s * h * t / 8,
                    2 * b * s * l * h * t / 8,
                    "seed formula with p = " + Math.round(p) + (pb.isPresent() ? " (as the log states)" : " (counted)")
                            + ", t = " + t + " bits, b = " + b + ", s = " + s
                            + "; its fixed overhead o is left out, as the logs show no CUDA context");
        }
    }
}
