package dev.gpufit.agent;

import dev.gpufit.BadInputException;
import dev.gpufit.TokenCount;
import dev.gpufit.app.FitRequest;
import dev.gpufit.app.WorkloadRequest;
import dev.gpufit.fit.Budget;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns the query of {@code /v1/fit} into a {@link FitRequest}, refusing anything malformed; what
 * the values mean (a known engine, a KV dtype) is checked by the application layer, in
 * {@link HttpFields}' words.
 */
final class FitQuery {
    static final Set<String> KNOWN =
            Set.of("model", "context", "batch", "dtype", "kv_dtype", "engine", "tp", "device", "budget");
    /** dtype / engine names: q4_k_m, bf16, llama.cpp ... */
    private static final Pattern WORD = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,31}");
    /** Selectors: 0,1  GPU-0d3f  host  catalog:h100-80gb:8 */
    private static final Pattern SELECTOR = Pattern.compile("[A-Za-z0-9][A-Za-z0-9:,._-]{0,255}");

    private FitQuery() {}

    static FitRequest parse(Map<String, String> q) {
        for (String k : q.keySet()) {
            if (!KNOWN.contains(k)) {
                throw new BadInputException("unknown parameter '" + ModelRef.printable(k) + "'; known: "
                        + String.join(", ", KNOWN.stream().sorted().toList()));
            }
        }
        String model = ModelRef.validate(q.get("model"));
        Long context = q.containsKey("context") ? TokenCount.context(q.get("context"), "context") : null;
        Integer batch = q.containsKey("batch") ? positiveInt(q.get("batch"), "batch", 65536) : null;
        Integer tp = q.containsKey("tp") ? positiveInt(q.get("tp"), "tp", 1024) : null;
        String budget = q.get("budget");
        if (budget != null && !budget.equals("free") && !budget.equals("total")) {
            throw new BadInputException("budget must be free or total");
        }
        WorkloadRequest workload = new WorkloadRequest(
                batch, context, word(q, "dtype"), word(q, "kv_dtype"), word(q, "engine"), null, null, null, tp);
        return new FitRequest(
                model,
                workload,
                selector(q.get("device")),
                budget == null ? null : budget.equals("total") ? Budget.TOTAL : Budget.FREE);
    }

    private static String word(Map<String, String> q, String key) {
        String v = q.get(key);
        if (v != null && !WORD.matcher(v).matches()) {
            throw new BadInputException(key + " must be a name such as bf16, q4_k_m or vllm");
        }
        return v;
    }

    private static String selector(String v) {
        if (v != null && !SELECTOR.matcher(v).matches()) {
            throw new BadInputException(
                    "device must be all, indices, UUIDs or prefixes, host, or catalog:NAME[:COUNT]");
        }
        return v;
    }

    private static int positiveInt(String v, String key, int max) {
        if (v.isEmpty() || v.length() > 7 || !v.chars().allMatch(Character::isDigit)) {
            throw new BadInputException(key + " must be a whole number from 1 to " + max);
        }
        int n = Integer.parseInt(v);
        if (n < 1 || n > max) {
            throw new BadInputException(key + " must be a whole number from 1 to " + max);
        }
        return n;
    }
}
