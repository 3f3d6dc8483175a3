package dev.gpufit.device;

/**
 * Reads host RAM. A seam so GPU backends that share system memory (NVIDIA iGPU/GB10, Apple)
 * can use host RAM without importing OSHI, and tests can pass fixed values.
 */
@FunctionalInterface
public interface HostMemoryReader {
    /** @throws RuntimeException when the OS cannot be asked; callers turn it into a warning */
    HostMemory read();
}
