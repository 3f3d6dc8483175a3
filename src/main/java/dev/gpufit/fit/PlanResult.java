package dev.gpufit.fit;

import dev.gpufit.device.Device;
import dev.gpufit.estimate.Workload;
import dev.gpufit.note.Note;
import java.util.List;

/**
 * What {@code gpufit plan} answers for one device (or one tensor-parallel group).
 *
 * @param device          the device planned for (the tightest member of a tensor-parallel group)
 * @param budget          what it offers
 * @param workload        the workload the searches start from
 * @param largestContext  the largest context that fits at the workload's batch (0: none)
 * @param largestBatch    the largest batch that fits at the workload's context (0: none)
 * @param contexts        the grid's columns (tokens)
 * @param rows            one row per weight format
 * @param notes           how it was computed
 */
public record PlanResult(
        Device device,
        DeviceBudget budget,
        Workload workload,
        long largestContext,
        int largestBatch,
        List<Long> contexts,
        List<Row> rows,
        List<Note> notes) {
    public PlanResult {
        contexts = List.copyOf(contexts);
        rows = List.copyOf(rows);
        notes = List.copyOf(notes);
    }

    /**
     * One weight format across the context columns.
     *
     * @param dtype        e.g. "q4_k_m"
     * @param neededBytes  per column: bytes needed per device
     * @param verdicts     per column: the verdict
     * @param largestContext the largest context that fits in this format (0: none)
     * @param modelBytes   per column: what the model itself needs per device (weights, activations, KV
     *                     for the context, overhead); the same as neededBytes except under vLLM, whose
     *                     neededBytes is its own take (utilization x total + CUDA graphs + context)
     */
    public record Row(
            String dtype, List<Long> neededBytes, List<Verdict> verdicts, long largestContext, List<Long> modelBytes) {}
}
