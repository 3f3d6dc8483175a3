package dev.gpufit.estimate;

import dev.gpufit.BadInputException;
import dev.gpufit.model.ModelSpec;
import dev.gpufit.note.Note;
import dev.gpufit.note.Notes;
import dev.gpufit.note.Setting;
import dev.gpufit.note.SettingException;
import java.util.ArrayList;
import java.util.List;

/**
 * The one entry point of the memory arithmetic: pure, every input explicit.
 * Returns bytes per device (see {@link MemoryEstimate}).
 */
public final class MemoryEstimator {
    private MemoryEstimator() {}

    public static MemoryEstimate estimate(ModelSpec spec, Workload workload) {
        if (workload.batch() <= 0) {
            throw SettingException.of(s -> s.name(Setting.BATCH) + " must be at least 1, got " + workload.batch());
        }
        if (workload.tensorParallel() <= 0) {
            throw SettingException.of(
                    s -> s.name(Setting.TP) + " must be at least 1, got " + workload.tensorParallel());
        }
        TensorParallelRule.checkEngine(workload.engine(), workload.tensorParallel());
        return switch (workload.method()) {
            // the seed formula has no heads and never splits (its figures are for one device): no tp rule
            case SEED -> seed(spec, workload);
            case DETAILED -> detailed(spec, workload);
        };
    }

    /**
     * The KV cache dtype the detailed method uses for this workload, whatever method made an
     * estimate (an estimate carries its own in {@link MemoryEstimate#kvDtype()}): vLLM's capacity
     * needs it for a seed estimate too.
     */
    public static String kvDtypeName(ModelSpec spec, Workload workload) {
        return DetailedEstimator.kvDtype(spec, workload, new Notes()).name();
    }

    private static MemoryEstimate detailed(ModelSpec spec, Workload w) {
        TensorParallelRule.check(spec, w.tensorParallel());
        try {
            return DetailedEstimator.estimate(spec, w);
        } catch (ArithmeticException e) {
            throw tooLarge();
        }
    }

    private static BadInputException tooLarge() {
        return new BadInputException("numbers too large: the estimate overflows 64-bit bytes"
                + " (check --params, --layers, --hidden, --context, --batch)");
    }

    private static MemoryEstimate seed(ModelSpec spec, Workload w) {
        Notes notes = new Notes();
        long context = DefaultContext.resolve(spec, w, notes);
        long parameters;
        try {
            // the seed formula takes p as given; a model read from its architecture gets its exact count
            parameters = spec.parameters() != null
                    ? spec.parameters()
                    : ParameterCounter.count(spec).total();
        } catch (ArithmeticException e) {
            throw tooLarge();
        }
        int bits = SeedBits.of(seedDtype(spec, w));
        MemoryEstimate e = SeedFormula.estimate(spec, parameters, bits, seedDtypeName(spec, w), w, context);
        notes.addAll(ignoredBySeed(w));
        if (notes.isEmpty()) {
            return e;
        }
        notes.addAll(e.notes());
        return new MemoryEstimate(
                e.weightsBytes(),
                e.activationsBytes(),
                e.kvCacheBytes(),
                e.overheadBytes(),
                e.hostBytes(),
                e.totalBytes(),
                e.parameters(),
                e.context(),
                e.kvBytesPerToken(),
                e.tensorParallel(),
                notes.list(),
                e.weightDtype(),
                e.kvDtype());
    }

    /**
     * What the seed formula's t stands for, for reports: "fp16 (t=16)", "int4 (t=4)". The one t
     * covers weights, activations and KV alike.
     */
    private static String seedDtypeName(ModelSpec spec, Workload w) {
        String d = seedDtype(spec, w);
        return (d != null ? d : "fp16") + " (t=" + SeedBits.of(d) + ")";
    }

    /**
     * Workload settings the seed formula has no term for. They are noted rather than refused: the
     * same workload is run through both methods (estimate's comparison line, fit's searches), and
     * the seed figure is the baseline a detailed one is compared with.
     */
    private static List<Note> ignoredBySeed(Workload w) {
        List<Note> notes = new ArrayList<>();
        if (w.kvDtype() != null) {
            notes.add(new Note.NotUsedBySeed(Setting.KV_DTYPE, w.kvDtype().spelling(), false));
        }
        if (w.engine() != Engine.GENERIC || !w.engineOptions().isEmpty()) {
            notes.add(new Note.NotUsedBySeed(
                    Setting.ENGINE, w.engine().spelling(), !w.engineOptions().isEmpty()));
        }
        if (w.tensorParallel() > 1) {
            notes.add(new Note.NotUsedBySeed(Setting.TP, Integer.toString(w.tensorParallel()), false));
        }
        return notes;
    }

    private static String seedDtype(ModelSpec spec, Workload w) {
        if (w.weightDtype() != null) {
            return w.weightDtype().spelling();
        }
        if (spec.quantization() != null && spec.quantization().bits() != null) {
            return spec.quantization().bits() <= 4
                    ? "int4"
                    : spec.quantization().bits() <= 8 ? "int8" : "fp16";
        }
        return spec.nativeDtype();
    }
}
