package dev.gpufit.estimate.engine;

import dev.gpufit.estimate.Activations;
import dev.gpufit.estimate.Engine;
import dev.gpufit.estimate.EngineOption;
import dev.gpufit.estimate.EngineProfile;
import dev.gpufit.estimate.EstimateInputs;
import dev.gpufit.estimate.KvCache;
import dev.gpufit.estimate.ParameterCount;
import dev.gpufit.estimate.Platform;
import dev.gpufit.estimate.Term;
import dev.gpufit.estimate.WeightBytes;
import dev.gpufit.estimate.WeightDtype;
import dev.gpufit.estimate.WeightDtypes;
import dev.gpufit.note.Notes;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * MLX (mlx-lm on Apple silicon), in unified memory:
 * <pre>
 *   weights      as stored; --dtype int4/int8: MLX affine quantization of every Linear and Embedding,
 *                bits/8 + (fp16 scale + fp16 bias)/group bytes per weight, group 64 (0.5625 B at 4 bits)
 *   KV           KVCache grows in steps of 256 tokens: ceil(context / 256) · 256 per sequence
 *   activations  prefill in chunks of prefill_step_size (2048) tokens, fused attention, last logits
 *   overhead     512 MiB Metal runtime
 * </pre>
 * The ceiling is Metal's working set ({@code recommendedMaxWorkingSetSize}, raised by
 * {@code sysctl iogpu.wired_limit_mb}); the device probe reports it as the usable memory, so fit
 * compares against it. Engine options: {@code prefill-step}, {@code group-size}.
 */
public final class MlxProfile implements EngineProfile {
    public static final long STEP = 256;
    public static final long METAL_RUNTIME = 512L << 20;

    /** MLX runs only on Apple silicon, where the GPU shares host RAM. */
    @Override
    public boolean runsOnHostRam(Platform platform) {
        return platform == Platform.MAC;
    }

    @Override
    public Engine engine() {
        return Engine.MLX;
    }

    /** MLX quantizes to 8 or 4 bits. */
    @Override
    public List<String> weightLadder() {
        // MLX quantizes to 8 and 4 bits with group scales; it has no fp8 weights and reads no GGUF mixes
        return WeightDtypes.ladder(
                d -> d.kind() != WeightDtype.Kind.GGUF && !d.name().equals("fp8"));
    }

    @Override
    public Set<String> optionKeys() {
        return EngineOption.keys(EngineOption.GROUP_SIZE, EngineOption.PREFILL_STEP);
    }

    /** KVCache in the model's dtype; MLX's quantized KV cache (4/8-bit, its own format) is not modelled. */
    @Override
    public List<String> kvDtypes() {
        return List.of("f16", "bf16", "f32");
    }

    @Override
    public String kvDtypesNote() {
        return "MLX's quantized KV cache (4 or 8 bits, its own format) is not modelled";
    }

    @Override
    public Term weights(EstimateInputs in) {
        String d = in.workload().weightDtype() == null
                ? null
                : in.workload().weightDtype().spelling();
        int bits = d == null
                ? 0
                : switch (d.toLowerCase(Locale.ROOT)) {
                    case "int4", "q4", "4bit" -> 4;
                    case "int8", "q8", "8bit" -> 8;
                    default -> 0;
                };
        if (bits == 0) {
            return WeightBytes.compute(in.spec(), in.parameters(), in.workload());
        }
        long group = in.workload().engineOptions().integer(EngineOption.GROUP_SIZE, 64);
        ParameterCount p = in.parameters();
        long quantized =
                Math.addExact(Math.addExact(p.linear(), p.embedding()), Math.addExact(p.lmHead(), p.routers()));
        long packed = Math.addExact(Math.multiplyExact(quantized, bits) / 8, Math.multiplyExact(quantized / group, 4L));
        long rest = Math.multiplyExact(p.norms(), 2L);
        return Term.of(
                Math.addExact(packed, rest),
                "weights = " + quantized + " quantized weights x (" + bits + "/8 + 4/" + group
                        + ") bytes (MLX affine: fp16 scale and bias per group of " + group
                        + ", Linear and Embedding layers) + "
                        + p.norms() + " norm weights x 2 bytes");
    }

    @Override
    public KvCache.Result kvCache(EstimateInputs in) {
        long padded = Math.floorDiv(in.context() + STEP - 1, STEP) * STEP;
        KvCache.Result r = KvCache.compute(withContext(in, padded));
        Notes notes = new Notes(r.term().notes());
        notes.add("mlx-lm's KVCache grows in steps of " + STEP + " tokens: " + in.context() + " -> " + padded
                + " (RotatingKVCache holds sliding-window layers at the window)");
        return new KvCache.Result(new Term(r.term().bytes(), notes), r.bytesPerToken());
    }

    @Override
    public Term activations(EstimateInputs in) {
        long step = in.workload().engineOptions().integer(EngineOption.PREFILL_STEP, 2048);
        long chunk = Math.min(in.context(), step);
        Term t = Activations.compute(withContext(in, chunk), true, false);
        Notes notes = new Notes(t.notes());
        notes.add("mlx-lm prefills in chunks of " + step + " tokens (prefill_step_size): activations for " + chunk
                + " tokens at a time");
        return new Term(t.bytes(), notes);
    }

    @Override
    public Term overhead(EstimateInputs in) {
        String where = in.workload().platform() == Platform.MAC
                ? ""
                : " (MLX runs on Apple silicon only; figures assume unified memory)";
        return Term.of(
                METAL_RUNTIME,
                "overhead = 512 MiB Metal runtime" + where + "; MLX can wire at most Metal's"
                        + " recommendedMaxWorkingSetSize (raise with sysctl iogpu.wired_limit_mb), which the device probe reports as usable");
    }

    private static EstimateInputs withContext(EstimateInputs in, long context) {
        return new EstimateInputs(
                in.spec(), in.workload(), context, in.parameters(), in.kvDtype(), in.activationBytes());
    }
}
