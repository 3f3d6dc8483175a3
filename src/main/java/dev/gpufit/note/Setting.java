package dev.gpufit.note;

/**
 * The settings a note or an advice can tell the user to give or change: a closed set, so each
 * surface spells every one of them in one place ({@code report.Surface}) and no note carries a
 * surface's wording (a CLI flag, an HTTP parameter) itself.
 */
public enum Setting {
    CONTEXT,
    BATCH,
    DTYPE,
    KV_DTYPE,
    ENGINE,
    TP,
    DEVICE,
    BUDGET,
    METHOD,
    GPU_LAYERS,
    GPU_MEMORY_UTILIZATION
}
