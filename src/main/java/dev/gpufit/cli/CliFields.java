package dev.gpufit.cli;

import dev.gpufit.app.Field;
import dev.gpufit.app.FieldNames;

/** The command line's words for the fields of a question: its options and the MODEL parameter. */
final class CliFields implements FieldNames {
    static final CliFields NAMES = new CliFields();

    private CliFields() {}

    @Override
    public String of(Field field) {
        return switch (field) {
            case MODEL -> "MODEL";
            case REVISION -> "--revision";
            case HUB -> "--hub";
            case PARAMS -> "--params";
            case LAYERS -> "--layers";
            case HIDDEN -> "--hidden";
            case HEADS -> "--heads";
            case KV_HEADS -> "--kv-heads";
            case HEAD_DIM -> "--head-dim";
            case VOCAB -> "--vocab";
            case INTERMEDIATE -> "--intermediate";
            case BATCH -> "--batch";
            case CONTEXT -> "--context";
            case DTYPE -> "--dtype";
            case KV_DTYPE -> "--kv-dtype";
            case ENGINE -> "--engine";
            case TP -> "--tp";
            case GPU_LAYERS -> "--gpu-layers";
            case MAX_MODEL_LEN -> "--max-model-len";
            case DEVICE -> "--device";
            case BUDGET -> "--budget";
        };
    }

    @Override
    public String setting(Field field, Object value) {
        return of(field) + " " + value;
    }
}
