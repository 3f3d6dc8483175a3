package dev.gpufit.launch;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An engine's flags, looked up by any of their spellings. */
final class FlagTable {
    private final List<FlagSpec> specs;
    private final Map<String, FlagSpec> bySpelling = new HashMap<>();
    private final Map<String, FlagSpec> byNegation = new HashMap<>();

    FlagTable(List<FlagSpec> specs) {
        this.specs = List.copyOf(specs);
        for (FlagSpec s : specs) {
            for (String n : s.names()) {
                put(bySpelling, n, s);
            }
            for (String n : s.negations()) {
                put(byNegation, n, s);
            }
        }
    }

    private static void put(Map<String, FlagSpec> map, String name, FlagSpec s) {
        if (map.put(name, s) != null) {
            throw new IllegalStateException("flag spelled twice in the table: " + name);
        }
    }

    List<FlagSpec> specs() {
        return specs;
    }

    Optional<FlagSpec> positive(String spelling) {
        return Optional.ofNullable(bySpelling.get(spelling));
    }

    Optional<FlagSpec> negative(String spelling) {
        return Optional.ofNullable(byNegation.get(spelling));
    }
}
