package dev.gpufit.validate;

/**
 * One term of one case: what the engine logged, what gpufit estimates, what the seed formula
 * gives, and the bound the estimate must meet.
 *
 * @param term      weights, kv, compute, compute_host, output, total, activations, non_torch, kv_tokens ...
 * @param unit      bytes, tokens or ratio (concurrency)
 * @param logged    the engine's figure, converted from the log's MiB/GiB to bytes
 * @param estimated gpufit's figure (NaN when it cannot be computed: then the check is excluded)
 * @param seed      the seed formula's figure, or null where it has none
 * @param boundPct  the allowed |error| in percent, or null for a figure shown but not bounded
 * @param excluded  why this term is not held to its bound (also printed), or null
 * @param note      how the logged figure was read or what was fed, or null
 */
public record Check(
        String term,
        String unit,
        double logged,
        double estimated,
        Double seed,
        Double boundPct,
        String excluded,
        String note) {
    public double errorPct() {
        return logged == 0 || Double.isNaN(estimated) ? Double.NaN : (estimated - logged) / logged * 100;
    }

    public Double seedErrorPct() {
        return seed == null || logged == 0 ? null : (seed - logged) / logged * 100;
    }

    /** True/false against the bound; null when the term is not bounded or excluded. */
    public Boolean within() {
        if (boundPct == null || excluded != null) {
            return null;
        }
        return Math.abs(errorPct()) <= boundPct + 1e-9;
    }

    public Check excludedBecause(String reason) {
        return new Check(term, unit, logged, estimated, seed, boundPct, reason, note);
    }
}
