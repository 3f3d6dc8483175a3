package dev.gpufit.estimate;

import dev.gpufit.note.Setting;
import dev.gpufit.note.SettingException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The KV cache type a workload asks for: one of {@link KvDtype#all()}, with the spelling it was
 * given in, which notes and messages echo.
 *
 * @param spelling the name as given, lower case
 * @param dtype    the cache type it names
 */
public record KvPrecision(String spelling, KvDtype dtype) {
    public KvPrecision {
        Objects.requireNonNull(spelling, "spelling");
        Objects.requireNonNull(dtype, "dtype");
    }

    /** The cache type {@code name} names; bad input listing the valid names when none. */
    public static KvPrecision of(String name) {
        return new KvPrecision(name.toLowerCase(Locale.ROOT), KvDtype.of(name));
    }

    /**
     * The cache type, as one {@code engine} has; bad input naming the engine's types when it has no
     * such cache type (counting one it cannot allocate would answer for a configuration that cannot run).
     */
    public KvDtype forEngine(EngineProfile engine) {
        List<String> allowed = engine.kvDtypes();
        if (!allowed.contains(dtype.name())) {
            String note = engine.kvDtypesNote();
            throw SettingException.of(s -> s.spell(Setting.KV_DTYPE, spelling.strip()) + " is not a KV cache type of "
                    + engine.name() + "; " + engine.name() + " takes " + String.join(", ", allowed)
                    + (note == null ? "" : " (" + note + ")"));
        }
        return dtype;
    }

    @Override
    public String toString() {
        return spelling;
    }
}
