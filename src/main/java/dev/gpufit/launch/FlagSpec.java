package dev.gpufit.launch;

import java.util.List;

/**
 * One engine flag as the engine defines it.
 *
 * @param names     every spelling that sets it, the canonical long name first
 * @param negations spellings that set it to false ({@code --no-mmap}, vLLM's {@code --no-X})
 * @param arity     values it takes
 * @param kind      modelled, harmless or refused
 * @param env       environment variable the engine reads as its default, or null
 * @param why       for a refused flag: what it changes that gpufit does not model
 */
record FlagSpec(List<String> names, List<String> negations, Arity arity, FlagClass kind, String env, String why) {
    FlagSpec {
        names = List.copyOf(names);
        negations = List.copyOf(negations);
    }

    /** The canonical spelling (the long name), used as the key when reading values. */
    String key() {
        return names.get(0);
    }

    FlagSpec withEnv(String variable) {
        return new FlagSpec(names, negations, arity, kind, variable, why);
    }

    FlagSpec negatedBy(String... spellings) {
        return new FlagSpec(names, List.of(spellings), arity, kind, env, why);
    }

    static FlagSpec modelled(Arity arity, String... names) {
        return new FlagSpec(List.of(names), List.of(), arity, FlagClass.MODELLED, null, null);
    }

    static FlagSpec harmless(Arity arity, String... names) {
        return new FlagSpec(List.of(names), List.of(), arity, FlagClass.HARMLESS, null, null);
    }

    static FlagSpec refused(String why, Arity arity, String... names) {
        return new FlagSpec(List.of(names), List.of(), arity, FlagClass.REFUSED, null, why);
    }
}
