package dev.gpufit.fit;

import dev.gpufit.estimate.MemoryEstimate;
import dev.gpufit.estimate.Workload;
import dev.gpufit.note.Note;
import java.util.List;

/**
 * The whole answer of {@code gpufit fit}.
 *
 * @param workload   the workload judged (tensorParallel = devices the model is split across)
 * @param estimate   the per-device estimate the devices were judged against
 * @param devices    one judgement per selected device (with --tp: the first N selected)
 * @param verdict    overall: without --tp the best device's verdict; with --tp the worst
 * @param advice     what would change the answer (largest context, quantization, devices needed), worded
 *                   per surface by {@code report.NoteText}
 * @param notes      how the judgement was made
 * @param warnings   what the user should not miss although the verdict stands (e.g. a context
 *                   above the model's maximum); the JSON "warnings" start with these
 */
public record FitResult(
        Workload workload,
        MemoryEstimate estimate,
        List<DeviceFit> devices,
        Verdict verdict,
        List<Note> advice,
        List<Note> notes,
        List<Note> warnings) {

    public FitResult {
        devices = List.copyOf(devices);
        advice = List.copyOf(advice);
        notes = List.copyOf(notes);
        warnings = List.copyOf(warnings);
    }

    /** The devices the engine will run on and the verdict there ({@link #verdict} is its verdict). */
    public Placement placement() {
        return Placement.of(workload, devices);
    }

    public boolean fits() {
        return verdict.fits();
    }
}
