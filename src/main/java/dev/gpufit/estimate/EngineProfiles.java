package dev.gpufit.estimate;

import dev.gpufit.BadInputException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The engine profiles {@code --engine} selects. Register a new profile with one line here. */
public final class EngineProfiles {
    private static final Map<String, EngineProfile> PROFILES = new LinkedHashMap<>();

    static {
        register(new GenericEngineProfile());
        register(new dev.gpufit.estimate.engine.TransformersProfile());
        register(new dev.gpufit.estimate.engine.VllmProfile());
        register(new dev.gpufit.estimate.engine.LlamaCppProfile());
        register(new dev.gpufit.estimate.engine.OllamaProfile());
        register(new dev.gpufit.estimate.engine.MlxProfile());
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
            throw new BadInputException("unknown --engine '" + name + "'; available: " + String.join(", ", names()));
        }
        return p;
    }
}
