package dev.gpufit.device.nvml;

/**
 * An opaque {@code nvmlDevice_t}, valid only inside the session that produced it. Sessions
 * check that a handle is theirs and still open, so a handle cannot outlive init/shutdown.
 */
public interface NvmlHandle {}
