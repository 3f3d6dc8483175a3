package dev.gpufit.device;

/**
 * Names a process by its id. A seam so GPU backends can say who holds memory without reading
 * {@code /proc} themselves, and tests can give a fixed process table.
 */
@FunctionalInterface
public interface ProcessNames {
    /** Names nothing: for backends and tests that do not look processes up. */
    ProcessNames NONE = pid -> null;

    /** @return the process's short name, e.g. "python3"; {@code null} when it cannot be named */
    String nameOf(long pid);
}
