package dev.gpufit.launch;

/** What a flag means for memory, and so what the parser does with it. */
public enum FlagClass {
    /** Changes memory and gpufit models it: read into a typed field of the launch. */
    MODELLED,
    /** Does not change device memory: passes through to the engine untouched. */
    HARMLESS,
    /** Changes memory in a way gpufit does not model: the launch is refused, naming the flag. */
    REFUSED
}
