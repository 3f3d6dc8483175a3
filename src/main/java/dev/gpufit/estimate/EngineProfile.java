package dev.gpufit.estimate;

import dev.gpufit.note.Note;
import dev.gpufit.note.Notes;
import java.util.List;
import java.util.Set;

/**
 * How one inference engine spends memory: how it stores the weights, its activation peak, its
 * fixed overhead, and how it sizes the KV cache. Selected by {@link Workload#engine()}; register new
 * profiles in {@link EngineProfiles}. The defaults are the generic arithmetic, so a profile
 * overrides only what its engine does differently.
 */
public interface EngineProfile {
    /** The engine this profile sizes. */
    Engine engine();

    /** The --engine name, e.g. "generic", "vllm", "llama.cpp". */
    default String name() {
        return engine().spelling();
    }

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

    /**
     * The weight formats worth suggesting and planning over for this engine (ones it can load), from
     * most to least precise. The generic profile takes the whole {@link WeightDtypes#LADDER}.
     */
    default List<String> weightLadder() {
        return WeightDtypes.LADDER;
    }

    /**
     * True when the engine can run the model from host RAM on {@code platform} (a CPU backend, or
     * a Mac's unified memory), so a machine without any GPU driver is judged by its RAM; false for
     * GPU-only engines, for which such a machine has no device. False unless a profile says so: a
     * new engine is not assumed to run where it cannot.
     */
    default boolean runsOnHostRam(Platform platform) {
        return false;
    }

    /**
     * True when the engine spreads a model over several GPUs by whole layers, not by splitting
     * tensors (llama.cpp's --split-mode layer); gpufit does not model that, so --tp is refused.
     */
    default boolean splitsLayers() {
        return false;
    }

    /**
     * True when --dtype auto loads an fp32 checkpoint at 16 bits (vLLM's _resolve_auto_dtype), so
     * weights, activations and KV are 16-bit although the files hold 4 bytes per weight.
     */
    default boolean loadsFp32As16Bit() {
        return false;
    }

    /**
     * True when the engine gives the KV cache whatever its memory budget leaves (vLLM's
     * gpu_memory_utilization); fit then judges a device by that capacity, not by the estimate alone.
     */
    default boolean sizesKvToBudget() {
        return false;
    }

    /**
     * What the engine makes of a device of {@code deviceTotalBytes} when it sizes the KV cache to a
     * budget ({@link #sizesKvToBudget}): its budget and the KV capacity left; empty for engines that
     * allocate what the workload needs. {@code fit} judges such an engine by this figure.
     */
    default java.util.Optional<EngineCapacity> capacity(
            dev.gpufit.model.ModelSpec spec, Workload w, MemoryEstimate e, long deviceTotalBytes) {
        return java.util.Optional.empty();
    }

    /**
     * The KV cache type when no --kv-dtype is given, with a note on why. By default K and V are kept
     * in the dtype the model computes in: fp32 for an fp32 model, else 16 bits (bf16 for a bf16
     * model, or for an fp32 one the engine loads at 16 bits).
     */
    default KvDtype defaultKvDtype(dev.gpufit.model.ModelSpec spec, Workload w, Notes notes) {
        if (WeightBytes.fp32Compute(spec, w)) {
            notes.add(new Note.KvDtypeFp32(w.engine().spelling()));
            return KvDtype.of("f32");
        }
        boolean bf16 = "bf16".equals(spec.nativeDtype()) || WeightBytes.loadsFp32At16Bits(spec, w);
        KvDtype d = KvDtype.of(bf16 ? "bf16" : "f16");
        notes.add(new Note.KvDtypeAt16Bits(d.name()));
        return d;
    }
}
