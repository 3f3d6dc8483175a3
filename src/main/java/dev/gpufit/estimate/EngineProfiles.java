package dev.gpufit.estimate;

import dev.gpufit.note.Setting;
import dev.gpufit.note.SettingException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The engine profiles {@code --engine} selects: the generic one, then the engines listed in
 * {@code META-INF/services/dev.gpufit.estimate.EngineProfile}, in that file's order (register a
 * new profile with one line there). The engine profiles build on this package's arithmetic, so
 * this package names none of them: a service file, not an import, keeps the dependency one way.
 */
public final class EngineProfiles {
    private static final Map<String, EngineProfile> PROFILES = new LinkedHashMap<>();

    static {
        register(new GenericEngineProfile());
        ServiceLoader.load(EngineProfile.class, EngineProfile.class.getClassLoader())
                .forEach(EngineProfiles::register);
    }

    private EngineProfiles() {}

    private static void register(EngineProfile p) {
        PROFILES.put(p.name(), p);
    }

    public static List<String> names() {
        return List.copyOf(PROFILES.keySet());
    }

    public static EngineProfile of(String name) {
        EngineProfile p = PROFILES.get(name == null ? Workload.GENERIC_ENGINE : name.toLowerCase(Locale.ROOT));
        if (p == null) {
            throw SettingException.of(s ->
                    "unknown " + s.name(Setting.ENGINE) + " '" + name + "'; available: " + String.join(", ", names()));
        }
        return p;
    }
}
