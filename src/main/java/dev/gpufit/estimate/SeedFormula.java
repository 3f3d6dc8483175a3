package dev.gpufit.estimate;

import dev.gpufit.BadInputException;
import dev.gpufit.model.ModelSpec;
import dev.gpufit.note.Notes;

/**
 * The published rule of thumb, exactly (docs/estimation.md#the-seed-formula), in integer arithmetic:
 * <pre>
 *   m = p·t/8              weights
 *   a = l·b·s·h·t/8        activations
 *   k = 2·b·s·l·h·t/8      KV cache
 *   o = 2e9 (Linux) or 5e9 (Mac)
 * </pre>
 * It ignores GQA, sliding windows and MoE on purpose: it is the baseline the detailed method
 * is measured against.
 */
public final class SeedFormula {
    private SeedFormula() {}

    /** @param dtypeLabel what t stands for, for reports, e.g. "fp16 (t=16)" (weights and KV alike) */
    public static MemoryEstimate estimate(
            ModelSpec spec, long parameters, int bitsPerWeight, String dtypeLabel, Workload w, long context) {
        if (parameters <= 0) {
            throw new BadInputException("the seed formula needs the parameter count (--params)");
        }
        long t = bitsPerWeight;
        long l = spec.layers();
        long h = spec.hiddenSize();
        long b = w.batch();
        long s = context;
        try {
            long m = Math.multiplyExact(parameters, t) / 8;
            long a = Math.multiplyExact(Math.multiplyExact(Math.multiplyExact(Math.multiplyExact(l, b), s), h), t) / 8;
            long k = Math.multiplyExact(
                            2L,
                            Math.multiplyExact(
                                    Math.multiplyExact(Math.multiplyExact(Math.multiplyExact(b, s), l), h), t))
                    / 8;
            long o = w.platform().seedOverheadBytes();
            long total = Math.addExact(Math.addExact(Math.addExact(m, a), k), o);
            Notes notes = new Notes();
            notes.add("seed formula M = t(p + 3lbsh)/8 + o with p=" + parameters + ", t=" + t + " bits, l=" + l + ", b="
                    + b + ", s=" + s + ", h=" + h);
            notes.add("weights = p*t/8; activations = l*b*s*h*t/8 (every layer's activations held at once);"
                    + " KV = 2*b*s*l*h*t/8 (assumes every head has a KV head: no GQA, no sliding window)");
            notes.add("overhead = " + o + " bytes, the seed formula's fixed figure for "
                    + w.platform().name().toLowerCase(java.util.Locale.ROOT));
            return new MemoryEstimate(
                    m,
                    a,
                    k,
                    o,
                    0,
                    total,
                    parameters,
                    s,
                    Math.multiplyExact(Math.multiplyExact(2L, l), h) * t / 8,
                    1,
                    notes.list(),
                    dtypeLabel,
                    dtypeLabel);
        } catch (ArithmeticException e) {
            throw new BadInputException(
                    "numbers too large: the seed formula overflows 64-bit bytes (check --params, --layers, --hidden, --context, --batch)");
        }
    }
}
