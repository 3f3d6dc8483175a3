package dev.gpufit.fit;

import dev.gpufit.BadInputException;
import dev.gpufit.device.Device;
import dev.gpufit.estimate.MemoryEstimate;
import dev.gpufit.estimate.WeightPrecision;
import dev.gpufit.estimate.Workload;
import dev.gpufit.model.ModelSpec;
import dev.gpufit.note.Note;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** Pure planning: what context, batch and weight format would fit on a device. */
public final class Planner {
    /** The grid's standard context columns; the model's maximum is added when it differs. */
    static final List<Long> STANDARD_CONTEXTS = List.of(4096L, 8192L, 32768L, 131072L);

    private final EstimateFunction estimator;

    public Planner(EstimateFunction estimator) {
        this.estimator = estimator;
    }

    public PlanResult plan(ModelSpec spec, Workload workload, List<Device> devices, Budget budget) {
        int tp = workload.tensorParallel();
        if (devices.isEmpty()) {
            throw new BadInputException("no device to plan for");
        }
        List<Device> group = FitJudge.group(devices, tp);
        Device ref = FitJudge.reference(group, budget, tp);
        DeviceBudget db = DeviceBudget.of(ref, budget);
        Search search = new Search(estimator, spec, ref, db);

        long largestContext = search.largestContext(workload);
        long atContext = search.context(workload);
        int largestBatch = search.largestBatch(workload.withContext(atContext));

        List<Long> contexts = contexts(spec);
        List<PlanResult.Row> rows = new ArrayList<>();
        for (String dtype : Quantizations.ladder(workload.engine())) {
            Workload wd = workload.withWeightDtype(WeightPrecision.of(dtype));
            List<Long> needed = new ArrayList<>();
            List<Verdict> verdicts = new ArrayList<>();
            List<Long> model = new ArrayList<>();
            boolean supported = true;
            for (long c : contexts) {
                try {
                    Workload cell = wd.withContext(c);
                    MemoryEstimate e = estimator.estimate(spec, cell);
                    DeviceFit f = FitJudge.judgeOne(ref, db, spec, cell, e);
                    needed.add(f.neededBytes());
                    model.add(e.deviceBytes());
                    verdicts.add(f.verdict());
                } catch (BadInputException unsupported) {
                    supported = false;
                    break;
                }
            }
            if (supported) {
                rows.add(new PlanResult.Row(dtype, needed, verdicts, search.largestContext(wd), model));
            }
        }
        List<Note> notes = new ArrayList<>();
        notes.add(Note.text("planned for " + ref.name()
                + (tp > 1 ? " (the tightest of " + tp + " devices, tensor parallel)" : "")
                + ": budget " + db.bytes() + " bytes (" + db.source() + ")"));
        if (tp == 1 && devices.size() > 1) {
            notes.add(new Note.PlannedForRoomiest(devices.size(), ref.name()));
        }
        notes.add(Note.text(
                "largest context and batch are exact boundaries: one token or one sequence more does not fit"));
        notes.add(Note.text("weight formats the estimate method cannot size are left out of the grid"));
        return new PlanResult(
                ref, db, workload.withContext(atContext), largestContext, largestBatch, contexts, rows, notes);
    }

    static List<Long> contexts(ModelSpec spec) {
        TreeSet<Long> set = new TreeSet<>(STANDARD_CONTEXTS);
        if (spec.maxContext() != null && spec.maxContext() > 0) {
            set.removeIf(c -> c > spec.maxContext());
            set.add(spec.maxContext());
        }
        return new ArrayList<>(set);
    }
}
