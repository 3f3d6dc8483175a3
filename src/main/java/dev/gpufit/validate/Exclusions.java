package dev.gpufit.validate;

import java.util.Map;
import java.util.Optional;

/**
 * The public cases, or terms of them, that are not held to the bounds, each with its reason
 * (validate prints it). Data the runners cannot find (no device total, no logged figure) is
 * reported by the runners themselves; this list holds the judgement calls.
 */
public final class Exclusions {
    private static final Map<String, String> CASES = Map.of(
            "C03", "duplicate of A02 (the same Ollama run); the ground-truth README says not to count it twice",
            "D04", "prompt length not stated ('10 x system prompt', a few thousand tokens): the workload is unknown");

    private static final Map<String, String> TERMS = Map.of(
            "A13/compute_host",
                    "ik_llama.cpp with 0 of 41 layers offloaded: its host compute buffer holds the CPU side of the"
                            + " graph, which gpufit models only for full offload or CPU-only runs",
            "A17/total",
                    "split over two GPUs with -ot exps=CPU: the logged buffers count a compute buffer per GPU and gpufit"
                            + " estimates one device; weights, KV and the per-GPU compute buffer are checked",
            "B05/weights",
                    "fed as measured: vLLM's in-flight bitsandbytes 4-bit (Unsloth) leaves modules in 16 bits that the"
                            + " architecture does not say",
            "B07/weights",
                    "fed as measured: Unsloth's dynamic bnb-4bit checkpoint skips modules and lm_head (16-bit) that"
                            + " the architecture does not say");

    private Exclusions() {}

    public static Optional<String> forCase(String id) {
        return Optional.ofNullable(CASES.get(id));
    }

    public static Optional<String> forTerm(String id, String term) {
        String r = TERMS.get(id + "/" + term);
        return r == null || r.isEmpty() ? Optional.empty() : Optional.of(r);
    }
}
