package dev.gpufit.estimate;

import dev.gpufit.note.Note;
import java.util.List;

/**
 * The memory one model needs under one workload, in bytes, <em>per device</em>: with tensor
 * parallelism N the figures are what each of the N devices holds (weights and KV split, KV
 * heads replicated when N exceeds them, overhead per device).
 *
 * @param weightsBytes     all weights wherever they sit (device + host)
 * @param activationsBytes peak activations / compute buffers
 * @param kvCacheBytes     KV cache for batch x context
 * @param overheadBytes    CUDA context, engine reservations, OS share
 * @param hostBytes        what the engine keeps in host RAM instead of the device (llama.cpp's token
 *                         embedding, layers not offloaded); included in the terms above, excluded from
 *                         {@link #deviceBytes()}
 * @param totalBytes       weights + activations + KV + overhead
 * @param parameters       the parameter count the weights were derived from
 * @param context          the context the figures were computed for (tokens)
 * @param kvBytesPerToken  KV bytes one token costs across all layers (before sliding-window caps)
 * @param tensorParallel   devices the figures are split across
 * @param notes            how each term was derived, and where it is uncertain (worded per surface by
 *                         {@code report.NoteText})
 * @param weightDtype      what the weights are stored as, for reports ("bf16", "int4", "q4_k_m" ...;
 *                         the seed formula's "fp16 (t=16)")
 * @param kvDtype          the KV cache type the figures use ("f16", "fp8" ...; the seed formula's t,
 *                         the same label as the weights)
 */
public record MemoryEstimate(
        long weightsBytes,
        long activationsBytes,
        long kvCacheBytes,
        long overheadBytes,
        long hostBytes,
        long totalBytes,
        long parameters,
        long context,
        long kvBytesPerToken,
        int tensorParallel,
        List<Note> notes,
        String weightDtype,
        String kvDtype) {

    public MemoryEstimate {
        notes = notes == null ? List.of() : List.copyOf(notes);
    }

    /** What must fit in the device's memory: the total less what stays in host RAM. */
    public long deviceBytes() {
        return totalBytes - hostBytes;
    }
}
