package dev.gpufit.estimate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The engine profiles {@code --engine} selects: the generic one, then the engines listed in
 * {@code META-INF/services/dev.gpufit.estimate.EngineProfile}, in that file's order (register a
 * new profile with one line there). The engine profiles build on this package's arithmetic, so
 * this package names none of them: a service file, not an import, keeps the dependency one way.
 */
public final class EngineProfiles {
    private static final Map<Engine, EngineProfile> PROFILES = new LinkedHashMap<>();

    static {
        register(new GenericEngineProfile());
        ServiceLoader.load(EngineProfile.class, EngineProfile.class.getClassLoader())
                .forEach(EngineProfiles::register);
    }

    private EngineProfiles() {}

    private static void register(EngineProfile p) {
        PROFILES.put(p.engine(), p);
    }

    public static List<String> names() {
        return PROFILES.keySet().stream().map(Engine::spelling).toList();
    }

    /** The profile of {@code engine} ({@code null}: generic). */
    public static EngineProfile of(Engine engine) {
        EngineProfile p = PROFILES.get(engine == null ? Engine.GENERIC : engine);
        if (p == null) {
            throw new IllegalStateException("no engine profile registered for " + engine);
        }
        return p;
    }
}
