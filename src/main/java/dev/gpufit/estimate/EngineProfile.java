package dev.gpufit.estimate;

import java.util.List;
import java.util.Set;

/**
 * How one inference engine spends memory: how it stores the weights, its activation peak, its
 * fixed overhead, and how it sizes the KV cache. Selected by {@link Workload#engine()}; register new
 * profiles in {@link EngineProfiles}. The defaults are the generic arithmetic, so a profile
 * overrides only what its engine does differently.
 */
public interface EngineProfile {
    /** The --engine name, e.g. "generic", "vllm", "llama.cpp". */
    String name();

    /**
     * The engine option keys this profile reads, in canonical spelling (lower case, '-' for '_').
     * Any other key is refused: an option the profile never reads would otherwise change nothing,
     * silently, and a misspelt one look like it had been applied.
     */
    Set<String> optionKeys();

    /**
     * The KV cache types this engine has, by {@link KvDtype} canonical name, in the order the
     * message lists them. An explicit {@code --kv-dtype} outside the list is refused: counting a
     * cache type the engine cannot allocate would answer for a configuration that cannot run.
     * The generic profile takes every type gpufit can size.
     */
    default List<String> kvDtypes() {
        return KvDtype.all().stream().map(KvDtype::name).toList();
    }

    /** Said after the list when a KV type is refused, e.g. why a quantized cache is not offered; null for none. */
    default String kvDtypesNote() {
        return null;
    }

    /** Weight bytes (all weights, device and host); engines that lay weights out their own way override this. */
    default Term weights(EstimateInputs in) {
        return WeightBytes.compute(in.spec(), in.parameters(), in.workload());
    }

    /** Peak activation / compute-buffer bytes per device. */
    Term activations(EstimateInputs in);

    /** Fixed bytes per device: runtime context, engine reservations. */
    Term overhead(EstimateInputs in);

    /** KV cache per device; engines that page or pad the cache override this. */
    default KvCache.Result kvCache(EstimateInputs in) {
        return KvCache.compute(in);
    }

    /** Bytes the engine keeps in host RAM (included in the terms, excluded from device bytes). */
    default long hostBytes(EstimateInputs in) {
        return 0;
    }
}
