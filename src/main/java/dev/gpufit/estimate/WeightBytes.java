package dev.gpufit.estimate;

import dev.gpufit.model.ModelSpec;
import dev.gpufit.model.QuantizationSpec;
import dev.gpufit.note.Note;
import dev.gpufit.note.Notes;
import java.util.Locale;

/**
 * Weight bytes: exact from the files when they were read and no {@code --dtype} overrides them;
 * else the parameter count times the bytes per weight of the precision (the checkpoint's own
 * quantization, or {@code --dtype}). With tensor parallelism N each device holds ceil(bytes / N).
 */
public final class WeightBytes {
    private WeightBytes() {}

    /** What the weights are stored as for this estimate, e.g. "bf16", "int4", "fp8 block 128x128". */
    public static String effectiveName(ModelSpec spec, Workload w) {
        if (loadsFp32At16Bits(spec, w)) {
            return "bf16";
        }
        if (w.weightDtype() != null) {
            return w.weightDtype().name();
        }
        if (spec.quantization() != null) {
            return spec.quantization().name() != null
                    ? spec.quantization().name()
                    : spec.quantization().method();
        }
        return spec.nativeDtype() != null ? spec.nativeDtype() : "fp16";
    }

    /**
     * The engine loads an fp32 checkpoint at 16 bits ({@link EngineProfile#loadsFp32As16Bit}):
     * vLLM's {@code --dtype auto} downcasts an fp32 checkpoint to the platform's preferred 16-bit type
     * (ModelConfig {@code _resolve_auto_dtype}: bf16 where the GPU supports it, else fp16), so the
     * weights, activations and KV cache are 16-bit although the files hold 4 bytes per weight. Only
     * an explicit {@code --dtype fp32} keeps fp32 under vLLM.
     */
    static boolean loadsFp32At16Bits(ModelSpec spec, Workload w) {
        return EngineProfiles.of(w.engine()).loadsFp32As16Bit()
                && w.weightDtype() == null
                && spec.quantization() == null
                && "fp32".equals(spec.nativeDtype());
    }

    /** True when activations run in fp32 (an fp32 model without a lower --dtype). */
    public static boolean fp32Compute(ModelSpec spec, Workload w) {
        return "fp32".equals(effectiveName(spec, w));
    }

    public static Term compute(ModelSpec spec, ParameterCount p, Workload w) {
        Notes notes = new Notes();
        long all;
        if (loadsFp32At16Bits(spec, w)) {
            all = withDtype(WeightDtypes.of("bf16"), spec, p, notes);
            notes.add(new Note.Fp32CheckpointAt16Bits());
        } else if (w.weightDtype() == null && spec.weights() != null) {
            all = spec.weights().bytes();
            notes.add("weights " + all + " bytes: exact from files ("
                    + spec.weights().format() + ", sum of tensor sizes)");
        } else if (w.weightDtype() != null) {
            WeightDtype d = w.weightDtype().dtype();
            all = withDtype(d, spec, p, notes);
            if (spec.weights() != null) {
                notes.add(new Note.WeightsRederived(d.name()));
            }
        } else if (spec.quantization() != null) {
            all = fromQuantization(spec.quantization(), spec, p, notes);
        } else {
            WeightDtype d = WeightDtypes.find(spec.nativeDtype()).orElse(null);
            if (d == null) {
                d = WeightDtypes.of("fp16");
                notes.add("stored dtype '" + spec.nativeDtype()
                        + "' not in gpufit's table; counted as 2 bytes per weight");
            }
            all = withDtype(d, spec, p, notes);
        }
        int tp = w.tensorParallel();
        long perDevice = WeightDtype.ceilDiv(all, tp);
        if (tp > 1) {
            notes.add("weights split across " + tp + " devices (tensor parallel): ceil(" + all + " / " + tp + ") = "
                    + perDevice + " bytes each");
        }
        return new Term(perDevice, notes);
    }

    private static long withDtype(WeightDtype d, ModelSpec spec, ParameterCount p, Notes notes) {
        long total = p.total();
        return switch (d.kind()) {
            case FLOAT, GGUF -> {
                long b = d.bytesFor(total);
                notes.add("weights = " + total + " parameters x " + rate(d) + " bytes (" + d.name() + ": "
                        + d.description() + ")");
                yield b;
            }
            case PACKED -> {
                long linear = d.bytesFor(p.linear());
                long rest = Math.multiplyExact(p.unquantized(), 2L);
                long scales = 0;
                QuantizationSpec q = spec.quantization();
                if ("fp8".equals(d.name()) && q != null && "fp8".equals(q.method()) && q.groupSize() != null) {
                    scales = blockScales(p.linear(), q.groupSize());
                    notes.add("fp8 block scales: one fp32 per " + q.groupSize() + " weights, about " + scales
                            + " bytes (the checkpoint is fp8 block-wise; per-matrix rounding ignored)");
                }
                notes.add("weights = " + p.linear() + " linear parameters x " + rate(d) + " bytes + " + p.unquantized()
                        + " other parameters (embeddings, lm_head, norms, routers) x 2 bytes (" + d.name() + ": "
                        + d.description() + ")");
                yield Math.addExact(Math.addExact(linear, rest), scales);
            }
        };
    }

    private static long fromQuantization(QuantizationSpec q, ModelSpec spec, ParameterCount p, Notes notes) {
        String m = q.method() == null ? "" : q.method().toLowerCase(Locale.ROOT);
        int bits = q.bits() == null ? 16 : q.bits();
        long rest = Math.multiplyExact(p.unquantized(), 2L);
        switch (m) {
            case "gptq", "awq", "compressed-tensors" -> {
                if (bits >= 16) {
                    break;
                }
                long linear;
                String how;
                if (q.groupSize() != null) {
                    // per group: one fp16 scale (2 bytes) + one packed zero point (bits/8 bytes)
                    long g = q.groupSize();
                    linear = WeightDtype.ceilDiv(Math.multiplyExact(p.linear(), bits * g + 16 + bits), 8 * g);
                    how = bits + "/8 byte + (2-byte fp16 scale + " + bits + "/8-byte zero)/" + g;
                } else {
                    linear = WeightDtype.ceilDiv(Math.multiplyExact(p.linear(), bits), 8);
                    how = bits + "/8 byte (per-channel scales ignored)";
                }
                notes.add("weights from quantization_config (" + q.name() + "): " + p.linear()
                        + " linear parameters x (" + how + ") + " + p.unquantized() + " other parameters x 2 bytes");
                return Math.addExact(linear, rest);
            }
            case "bitsandbytes" -> {
                WeightDtype d = WeightDtypes.of(bits == 4 ? "nf4" : "int8");
                return withDtype(d, spec, p, notes);
            }
            case "fp8" -> {
                // 1 byte per linear weight, the fp32 block scales, everything else at 2 bytes
                return withDtype(WeightDtypes.of("fp8"), spec, p, notes);
            }
            case "mxfp4" -> {
                // gpt-oss: only the MoE experts are MXFP4 (modules_to_not_convert keeps attention,
                // router, embeddings and lm_head in bf16)
                long packed = p.experts() > 0 ? p.experts() : p.linear();
                long other = Math.subtractExact(p.total(), packed);
                WeightDtype mx = WeightDtypes.of("mxfp4");
                long b = mx.bytesFor(packed);
                notes.add("weights from quantization_config (mxfp4): " + packed
                        + (p.experts() > 0 ? " expert" : " linear")
                        + " parameters x " + mx.bytesNum() + "/" + mx.bytesDen()
                        + " byte (4.25 bits: 16 bytes + 1 E8M0 scale per 32) + " + other
                        + " other parameters x 2 bytes (bf16)");
                return Math.addExact(b, Math.multiplyExact(other, 2L));
            }
            default -> {}
        }
        WeightDtype d = WeightDtypes.find(spec.nativeDtype()).orElse(WeightDtypes.of("fp16"));
        notes.add("quantization '" + q.name() + "' not modelled; weights counted at the stored dtype " + d.name());
        return withDtype(d, spec, p, notes);
    }

    /** fp32 scale per block of {@code blockWeights} weights (e.g. 128x128 = 16384). */
    private static long blockScales(long weights, long blockWeights) {
        return Math.multiplyExact(WeightDtype.ceilDiv(weights, blockWeights), 4L);
    }

    private static String rate(WeightDtype d) {
        if (d.bytesDen() == 1) {
            return Long.toString(d.bytesNum());
        }
        return String.format(Locale.ROOT, "%.6g", d.bytesNum() / (double) d.bytesDen())
                .replaceAll("0+$", "");
    }
}
