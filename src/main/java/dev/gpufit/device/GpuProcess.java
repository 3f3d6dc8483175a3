package dev.gpufit.device;

import java.util.Locale;

/**
 * One process holding memory on a GPU, as the driver lists it (NVML's running compute and
 * graphics processes).
 *
 * @param pid       process id as the driver reports it (the host's PID namespace)
 * @param name      e.g. "python3", {@code null} when the process could not be named (it exited, or
 *                  lives in another PID namespace)
 * @param usedBytes GPU memory the process holds, {@code null} when the driver does not say
 *                  (NVML_VALUE_NOT_AVAILABLE, e.g. under Windows WDDM)
 * @param type      which of the driver's lists it is on
 */
public record GpuProcess(long pid, String name, Long usedBytes, Type type) {
    /** The note a device carries when its processes could not be listed; tables show it under the device. */
    public static final String UNKNOWN_NOTE_PREFIX = "processes unknown: ";

    public GpuProcess {
        if (pid < 0) {
            throw new IllegalArgumentException("pid " + pid);
        }
        if (type == null) {
            throw new IllegalArgumentException("type");
        }
    }

    /** The list a process was found on; one with both a CUDA and a graphics context is on both. */
    public enum Type {
        COMPUTE,
        GRAPHICS,
        COMPUTE_GRAPHICS;

        /** "compute", "graphics", "compute_graphics" (the JSON contract). */
        public String jsonName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** This type merged with another list's entry for the same process. */
        public Type and(Type other) {
            return this == other ? this : COMPUTE_GRAPHICS;
        }
    }
}
