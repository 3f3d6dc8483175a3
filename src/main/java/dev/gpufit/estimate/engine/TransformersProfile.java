package dev.gpufit.estimate.engine;

import dev.gpufit.BadInputException;
import dev.gpufit.estimate.Activations;
import dev.gpufit.estimate.Engine;
import dev.gpufit.estimate.EngineOption;
import dev.gpufit.estimate.EngineProfile;
import dev.gpufit.estimate.EngineSettings;
import dev.gpufit.estimate.EstimateInputs;
import dev.gpufit.estimate.Platform;
import dev.gpufit.estimate.Term;
import dev.gpufit.estimate.WeightDtype;
import dev.gpufit.estimate.WeightDtypes;
import dev.gpufit.note.Notes;
import java.util.List;
import java.util.Set;

/**
 * Hugging Face transformers ({@code model.generate} / pipeline): weights as loaded, a dynamic
 * KV cache for batch × context, the prefill forward's activations with fp32 logits for every
 * prompt position ({@code b·s·vocab·4}; generate in transformers &gt;= 4.45 keeps only the last:
 * {@code --engine-opt logits=last}), the {@code b·heads·s²} score matrix with eager attention,
 * one CUDA context and the caching allocator's slack.
 *
 * <p>Engine options: {@code attn-implementation=sdpa|eager|flash_attention_2} (default sdpa, the
 * transformers default since 4.36), {@code logits=all|last} (default all).
 */
public final class TransformersProfile implements EngineProfile {
    public static final long CUDA_CONTEXT_BYTES = 512L << 20;
    /** Caching-allocator slack as a share of the dynamic memory (activations + KV): a heuristic, not calibrated. */
    public static final int SLACK_PERCENT = 10;

    /** transformers runs on the CPU (PyTorch CPU tensors) when it has no GPU. */
    @Override
    public boolean runsOnHostRam(Platform platform) {
        return true;
    }

    @Override
    public Engine engine() {
        return Engine.TRANSFORMERS;
    }

    /** transformers loads safetensors checkpoints: fp8, int8 and GPTQ/AWQ int4. */
    @Override
    public List<String> weightLadder() {
        return WeightDtypes.ladder(d -> d.kind() != WeightDtype.Kind.GGUF);
    }

    @Override
    public Set<String> optionKeys() {
        return EngineOption.keys(EngineOption.ATTN_IMPLEMENTATION, EngineOption.ATTN, EngineOption.LOGITS);
    }

    /** The dynamic cache in the model's dtype; QuantizedCache (quanto/HQQ) is not modelled. */
    @Override
    public List<String> kvDtypes() {
        return List.of("f16", "bf16", "f32");
    }

    @Override
    public String kvDtypesNote() {
        return "the dynamic cache in 16 or 32 bits; transformers' QuantizedCache is not modelled";
    }

    @Override
    public Term activations(EstimateInputs in) {
        EngineSettings o = in.workload().engineOptions();
        String attn = String.valueOf(
                o.has(EngineOption.ATTN_IMPLEMENTATION)
                        ? o.word(EngineOption.ATTN_IMPLEMENTATION)
                        : o.word(EngineOption.ATTN));
        boolean eager = switch (attn) {
            case "null", "sdpa", "flash_attention_2", "flash_attention_3", "flex_attention" -> false;
            case "eager" -> true;
            default ->
                throw new BadInputException(
                        "engine option attn-implementation must be sdpa, eager or flash_attention_2, got '" + attn
                                + "'");
        };
        String logits = String.valueOf(o.word(EngineOption.LOGITS));
        boolean all = switch (logits) {
            case "null", "all" -> true;
            case "last" -> false;
            default ->
                throw new BadInputException("engine option logits must be 'last' or 'all', got '" + logits + "'");
        };
        Term t = Activations.compute(in, !eager, all);
        Notes notes = new Notes(t.notes());
        notes.add("transformers: attention " + (eager ? "eager (scores materialised)" : "sdpa/flash (no score matrix)")
                + ", logits "
                + (all
                        ? "for every prompt position (a plain forward; generate in >= 4.45 keeps the last only: logits=last)"
                        : "for the last position"));
        return new Term(t.bytes(), notes);
    }

    @Override
    public Term overhead(EstimateInputs in) {
        Term act = activations(in);
        long kv = dev.gpufit.estimate.KvCache.compute(in).term().bytes();
        long slack = Math.addExact(act.bytes(), kv) / 100 * SLACK_PERCENT;
        String runtime = in.workload().platform() == Platform.MAC ? "Metal/MPS runtime" : "one CUDA context";
        return Term.of(
                Math.addExact(CUDA_CONTEXT_BYTES, slack),
                "overhead = 512 MiB " + runtime + " + caching-allocator slack " + SLACK_PERCENT
                        + "% of activations + KV (" + slack
                        + " bytes: freed blocks PyTorch keeps reserved; heuristic)");
    }
}
