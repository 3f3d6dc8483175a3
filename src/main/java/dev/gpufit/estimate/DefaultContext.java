package dev.gpufit.estimate;

import dev.gpufit.model.ModelSpec;
import dev.gpufit.note.Note;
import dev.gpufit.note.Notes;
import dev.gpufit.note.Setting;
import dev.gpufit.note.SettingException;

/**
 * The context used when none is given: 4096 tokens, capped at the model's maximum. Not the
 * model's maximum: a 128K default would size the KV cache for a context few runs use
 * (https://github.com/AlexsJones/llmfit/issues/302; docs/engine-memory.md#what-other-estimators-get-wrong).
 * The choice is always stated in the notes.
 */
public final class DefaultContext {
    public static final long DEFAULT = 4096;

    private DefaultContext() {}

    /** The context to compute for, and a note when it was defaulted or exceeds the model's maximum. */
    public static long resolve(ModelSpec spec, Workload w, Notes notes) {
        if (w.context() == null) {
            long c = spec.maxContext() != null ? Math.min(DEFAULT, spec.maxContext()) : DEFAULT;
            notes.add(new Note.ContextDefaulted(c, DEFAULT, spec.maxContext()));
            return c;
        }
        long c = w.context();
        if (c <= 0) {
            throw SettingException.of(s -> s.name(Setting.CONTEXT) + " must be at least 1 token, got " + c);
        }
        if (spec.maxContext() != null && c > spec.maxContext()) {
            notes.add(new Note.ContextAboveModel(c, spec.maxContext()));
        }
        return c;
    }
}
