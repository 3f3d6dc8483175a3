package dev.gpufit.fit;

import dev.gpufit.device.Device;
import dev.gpufit.device.catalog.DeviceCatalog;
import dev.gpufit.estimate.Workload;
import dev.gpufit.model.ModelSpec;
import dev.gpufit.note.Note;
import java.util.List;
import java.util.function.Supplier;

/**
 * The whole {@code fit}/{@code plan} question, shared by the command line and the agent so both
 * give the same answer: select the devices (probing only when the selector needs this machine),
 * then judge or plan.
 */
public final class FitService {
    private final DeviceSelector selector;
    private final EstimateFunction estimator;

    /** @param probed the devices here; called at most when a selector needs them */
    public FitService(Supplier<List<Device>> probed, DeviceCatalog catalog, EstimateFunction estimator) {
        this(probed, () -> catalog, estimator);
    }

    /**
     * @param probed  the devices here; called at most when a selector needs them
     * @param catalog the device catalog; called at most once, when a selector names a catalog device
     */
    public FitService(Supplier<List<Device>> probed, Supplier<DeviceCatalog> catalog, EstimateFunction estimator) {
        this.selector = new DeviceSelector(probed, catalog);
        this.estimator = estimator;
    }

    public DeviceSelection select(String deviceSelector) {
        return selector.select(deviceSelector);
    }

    /** Judges the model on the selected devices; {@code selection} must not be empty. */
    public FitResult fit(ModelSpec spec, Workload workload, DeviceSelection selection, Budget budget) {
        FitResult r = new FitJudge(estimator).judge(spec, workload, selection.devices(), budget);
        if (selection.notes().isEmpty()) {
            return r;
        }
        List<Note> notes = new java.util.ArrayList<>(selection.notes());
        notes.addAll(r.notes());
        return new FitResult(r.workload(), r.estimate(), r.devices(), r.verdict(), r.advice(), notes, r.warnings());
    }

    /** Every selected device judged on its own against the per-device need: what {@code --pick} chooses from. */
    public List<DeviceFit> judgeEach(ModelSpec spec, Workload workload, DeviceSelection selection, Budget budget) {
        return new FitJudge(estimator).judgeEach(spec, workload, selection.devices(), budget);
    }

    /** Plans on the selected devices; the selection's notes come first, as in {@link #fit}. */
    public PlanResult plan(ModelSpec spec, Workload workload, DeviceSelection selection, Budget budget) {
        PlanResult p = new Planner(estimator).plan(spec, workload, selection.devices(), budget);
        if (selection.notes().isEmpty()) {
            return p;
        }
        List<Note> notes = new java.util.ArrayList<>(selection.notes());
        notes.addAll(p.notes());
        return new PlanResult(
                p.device(),
                p.budget(),
                p.workload(),
                p.largestContext(),
                p.largestBatch(),
                p.contexts(),
                p.rows(),
                notes);
    }
}
