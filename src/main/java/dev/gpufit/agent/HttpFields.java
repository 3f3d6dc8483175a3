package dev.gpufit.agent;

import dev.gpufit.app.Field;
import dev.gpufit.app.FieldNames;
import java.util.Locale;

/**
 * The agent's words for the fields of a question: the query parameters of {@code /v1/fit}
 * ({@code kv_dtype}, {@code tp}, {@code device}), so its errors never name a command-line flag.
 * Fields the agent does not take keep their plain names (manual numbers) or are named as the
 * engine's own flags (engine settings), never as a parameter.
 */
public final class HttpFields implements FieldNames {
    public static final HttpFields NAMES = new HttpFields();

    private HttpFields() {}

    @Override
    public String of(Field field) {
        return switch (field) {
            case MODEL -> "model";
            case CONTEXT -> "context";
            case BATCH -> "batch";
            case DTYPE -> "dtype";
            case KV_DTYPE -> "kv_dtype";
            case ENGINE -> "engine";
            case TP -> "tp";
            case DEVICE -> "device";
            case BUDGET -> "budget";
            // engine settings /v1/fit does not take: the engine's own flags, which the user gives the engine
            case GPU_LAYERS -> "llama.cpp's --n-gpu-layers";
            case MAX_MODEL_LEN -> "vLLM's --max-model-len";
            case REVISION, HUB, PARAMS, LAYERS, HIDDEN, HEADS, KV_HEADS, HEAD_DIM, VOCAB, INTERMEDIATE ->
                field.name().toLowerCase(Locale.ROOT);
        };
    }

    @Override
    public String setting(Field field, Object value) {
        return of(field) + (field == Field.GPU_LAYERS || field == Field.MAX_MODEL_LEN ? " " : "=") + value;
    }
}
