package dev.gpufit.estimate;

import dev.gpufit.model.ModelSpec;
import dev.gpufit.note.Setting;
import dev.gpufit.note.SettingException;
import java.util.ArrayList;
import java.util.List;

/**
 * Which tensor-parallel degrees can split a model, by vLLM's rule (config.verify_with_parallel_config
 * and the attention layers' head partitioning): tp must divide the query heads, and either divide the
 * KV heads (each device gets kv_heads / tp) or be a multiple of them (each KV head replicated on
 * tp / kv_heads devices). Anything else has no whole number of heads per device, so the per-device
 * KV and activation arithmetic would describe a split no engine can run.
 *
 * <p>MLA (DeepSeek V2/V3) keeps one latent replicated on every device, so only the query-head rule
 * applies there.
 */
public final class TensorParallelRule {
    private TensorParallelRule() {}

    static void check(ModelSpec spec, int tp) {
        int heads = spec.attentionHeads();
        int kvHeads = spec.kvHeads();
        if (tp == 1 || heads <= 0 || kvHeads <= 0) {
            return; // one device splits nothing; a spec without heads is refused where it is read
        }
        if (splits(spec, tp)) {
            return;
        }
        throw SettingException.of(s -> s.spell(Setting.TP, tp) + " cannot split " + spec.id() + ": " + rule(spec) + "; "
                + s.name(Setting.TP) + " works with " + validDegrees(spec));
    }

    /** The rule as a sentence, with this model's head counts. */
    public static String rule(ModelSpec spec) {
        return spec.mla() != null
                ? "tp must divide the " + spec.attentionHeads() + " attention heads"
                : "tp must divide the " + spec.attentionHeads()
                        + " attention heads and divide, or be a multiple of, the " + spec.kvHeads()
                        + " KV heads (vLLM's rule)";
    }

    /**
     * llama.cpp and Ollama do not split tensors: with several GPUs they assign whole layers to each
     * ({@code --split-mode layer}), which gpufit does not model yet. Their figures for "--tp N" would
     * be the whole model's, printed as if per device, so the degree is refused.
     */
    static void checkEngine(Engine engine, int tp) {
        if (tp > 1 && EngineProfiles.of(engine).splitsLayers()) {
            throw SettingException.of(s -> s.spell(Setting.TP, tp) + " does not apply to "
                    + s.spell(Setting.ENGINE, engine) + ": llama.cpp splits"
                    + " layers across GPUs (--split-mode layer), which gpufit does not model yet; judge one device,"
                    + " and use " + s.spell(Setting.GPU_LAYERS, "N")
                    + " to keep part of the model in host RAM (partial offload)");
        }
    }

    public static boolean splits(ModelSpec spec, int tp) {
        int heads = spec.attentionHeads();
        int kvHeads = spec.kvHeads();
        if (heads % tp != 0) {
            return false;
        }
        return spec.mla() != null || kvHeads % tp == 0 || tp % kvHeads == 0;
    }

    /** The degrees that split this model, comma-separated. */
    public static String validDegrees(ModelSpec spec) {
        List<String> ok = new ArrayList<>();
        for (int tp = 1; tp <= spec.attentionHeads(); tp++) {
            if (splits(spec, tp)) {
                ok.add(Integer.toString(tp));
            }
        }
        return String.join(", ", ok);
    }
}
