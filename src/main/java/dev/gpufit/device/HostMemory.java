package dev.gpufit.device;

/**
 * System RAM as the OS reports it, in bytes.
 *
 * @param totalBytes     installed RAM the OS manages
 * @param availableBytes what new allocations can get without swapping (Linux MemAvailable)
 */
public record HostMemory(long totalBytes, long availableBytes) {}
