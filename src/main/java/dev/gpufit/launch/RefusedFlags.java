package dev.gpufit.launch;

import dev.gpufit.BadInputException;
import java.util.ArrayList;
import java.util.List;

/** Collects the refused flags of one command line so the error names all of them at once. */
final class RefusedFlags {
    private final List<String> named = new ArrayList<>();

    void add(FlagUse use) {
        String where = use.fromEnv() ? use.spelling() + "=" + String.join(" ", use.values()) : use.shown();
        named.add(where + " (" + use.spec().why() + ")");
    }

    void add(String flag, String why) {
        named.add(flag + " (" + why + ")");
    }

    void throwIfAny(EngineKind engine) {
        if (!named.isEmpty()) {
            throw new BadInputException(engine.command() + ": gpufit does not model the memory these change, so it"
                    + " cannot judge this launch: " + String.join(", ", named)
                    + " (see docs/engine-flags.md)");
        }
    }
}
