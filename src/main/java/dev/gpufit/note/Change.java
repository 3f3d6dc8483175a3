package dev.gpufit.note;

import java.util.Objects;

/**
 * A setting and the value a note suggests for it, e.g. context 12288; {@code value} is
 * {@code null} when the note names the setting alone ("no context given").
 */
public record Change(Setting setting, String value) {
    public Change {
        Objects.requireNonNull(setting, "setting");
    }

    public static Change of(Setting setting, Object value) {
        return new Change(setting, value.toString());
    }

    public static Change named(Setting setting) {
        return new Change(setting, null);
    }
}
