package dev.gpufit.app;

/**
 * The fields of a question, as a closed set. Requests are validated here and the errors name the
 * field through the asking surface's {@link FieldNames}: {@code --kv-dtype} on the command line,
 * {@code kv_dtype} over HTTP.
 */
public enum Field {
    MODEL,
    REVISION,
    HUB,
    PARAMS,
    LAYERS,
    HIDDEN,
    HEADS,
    KV_HEADS,
    HEAD_DIM,
    VOCAB,
    INTERMEDIATE,
    BATCH,
    CONTEXT,
    DTYPE,
    KV_DTYPE,
    ENGINE,
    TP,
    GPU_LAYERS,
    MAX_MODEL_LEN,
    DEVICE,
    BUDGET
}
