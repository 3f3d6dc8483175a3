package dev.gpufit.device;

/** How a device's memory relates to the rest of the machine. */
public enum DeviceKind {
    /** A GPU with its own memory (VRAM/HBM). */
    DISCRETE,
    /** A GPU that shares system memory (Apple Silicon, APUs, GB10). */
    UNIFIED,
    /** One MIG instance of an NVIDIA GPU, with its own slice of memory. */
    MIG,
    /** Host RAM, for CPU inference or as the pool of a unified GPU. */
    HOST;

    public String jsonName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
