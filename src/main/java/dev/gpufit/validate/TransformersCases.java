package dev.gpufit.validate;

import dev.gpufit.estimate.Engine;
import dev.gpufit.estimate.MemoryEstimate;
import dev.gpufit.estimate.MemoryEstimator;
import dev.gpufit.estimate.WeightPrecision;
import dev.gpufit.estimate.Workload;
import dev.gpufit.model.ModelSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs a transformers case: torch.cuda.max_memory_allocated (GiB) against weights + KV +
 * activations (no CUDA context or allocator slack: max_memory_allocated counts neither). The
 * sequence is the prompt plus max_new_tokens, when the case gives both as numbers.
 */
final class TransformersCases {
    private static final double GIB = 1 << 30;
    private static final Pattern PROMPT =
            Pattern.compile("~?\\s*([0-9]+)\\s*tokens\\)?\\s*\\+\\s*max_new_tokens\\s*=\\s*([0-9]+)");

    private static final Pattern SHORT_PROMPT = Pattern.compile("^short prompt \\+ max_new_tokens\\s*=\\s*([0-9]+)");
    private static final long SHORT_PROMPT_TOKENS = 20;

    private TransformersCases() {}

    static CaseResult run(GroundTruthCase c, ModelSpec spec, List<String> notes) {
        String seq = c.text("seq").orElse("");
        Matcher m = PROMPT.matcher(seq);
        Matcher shortPrompt = SHORT_PROMPT.matcher(seq);
        long s;
        if (m.find()) {
            s = Long.parseLong(m.group(1)) + Long.parseLong(m.group(2));
        } else if (shortPrompt.find()) {
            // the transformers tutorial's "short prompt" is the ~20-token one its first case states
            s = SHORT_PROMPT_TOKENS + Long.parseLong(shortPrompt.group(1));
            notes.add("'short prompt' taken as " + SHORT_PROMPT_TOKENS
                    + " tokens, as the same document's first case states");
        } else {
            return CaseResult.skipped(c, "transformers", "sequence length not stated as numbers ('" + seq + "')");
        }
        int batch = (int) c.number("batch").orElse(1);
        String d = c.text("dtype").orElse("").toLowerCase(Locale.ROOT);
        String dtype =
                d.contains("8-bit") ? "int8" : d.contains("4-bit") ? "nf4" : d.startsWith("float16") ? "fp16" : "bf16";
        Workload w = new Workload(
                batch,
                s,
                dtype == null ? null : WeightPrecision.of(dtype),
                null,
                Engine.TRANSFORMERS,
                null,
                null,
                1,
                Map.of());
        MemoryEstimate e = MemoryEstimator.estimate(spec, w);
        notes.add("settings from the case: batch " + batch + ", " + s + " tokens (prompt + new), weights " + dtype);
        OptionalDouble logged = c.measured("max_memory_allocated_GiB");
        List<Check> checks = new ArrayList<>();
        if (logged.isPresent()) {
            double est = e.weightsBytes() + e.kvCacheBytes() + e.activationsBytes();
            int t = dev.gpufit.estimate.SeedBits.of(dtype.equals("nf4") ? "int4" : dtype);
            double p = dev.gpufit.estimate.ParameterCounter.count(spec).total();
            double seed = p * t / 8 + (double) spec.layers() * batch * s * spec.hiddenSize() * t / 8 * 3;
            checks.add(LlamaCppCases.check(
                    c,
                    "total",
                    logged.getAsDouble() * GIB,
                    est,
                    seed,
                    Bounds.TOTAL,
                    "torch.cuda.max_memory_allocated: weights + KV + activations (no context, no allocator slack)"));
        }
        return new CaseResult(c.id(), "transformers", c.model(), null, checks, notes);
    }
}
