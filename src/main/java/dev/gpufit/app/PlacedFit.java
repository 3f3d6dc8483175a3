package dev.gpufit.app;

import dev.gpufit.fit.Budget;
import dev.gpufit.fit.DeviceSelection;
import dev.gpufit.fit.FitResult;
import dev.gpufit.fit.Pick;
import dev.gpufit.fit.Placement;
import dev.gpufit.note.Note;
import java.util.ArrayList;
import java.util.List;

/**
 * A fit question answered for a launch: the verdict where the engine will run, and with
 * {@code --pick} the devices that fit, pinned.
 *
 * @param result the answer; with a pick that found devices, the answer on those devices only
 * @param pick   the devices picked, or null when no pick was asked
 */
public record PlacedFit(FitResult result, Pick pick) {

    /** The launch verdict (the result's), which with a pick is the verdict on the picked devices. */
    public boolean fits() {
        return result.fits() && (pick == null || pick.found());
    }

    /**
     * Answers {@code q}; with {@code pick}, chooses the first devices that fit (as many as the engine
     * takes) and judges the launch pinned to them. When too few fit, the answer is the unpinned one,
     * which then does not fit either.
     */
    public static PlacedFit answer(FitQuestion q, Budget budget, boolean pick) {
        if (!pick) {
            return new PlacedFit(q.service().fit(q.model(), q.workload(), q.selection(), budget), null);
        }
        var each = q.service().judgeEach(q.model(), q.workload(), q.selection(), budget);
        Pick p = Pick.choose(
                Placement.ruleFor(q.workload()), Math.max(1, q.workload().tensorParallel()), each);
        if (!p.found()) {
            return new PlacedFit(q.service().fit(q.model(), q.workload(), q.selection(), budget), p);
        }
        List<Note> notes = new ArrayList<>(q.selection().notes());
        notes.add(Note.text("--pick: pinned to "
                + String.join(
                        ", ",
                        p.devices().stream()
                                .map(d -> "[" + d.index() + "] " + (d.uuid() == null ? d.id() : d.uuid()))
                                .toList())
                + ", the first device" + (p.devices().size() == 1 ? "" : "s") + " that fit"));
        DeviceSelection picked = new DeviceSelection(p.devices(), notes);
        return new PlacedFit(q.service().fit(q.model(), q.workload(), picked, budget), p);
    }
}
