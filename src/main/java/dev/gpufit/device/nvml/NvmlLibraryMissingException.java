package dev.gpufit.device.nvml;

/** The NVML shared library could not be loaded: the normal "no NVIDIA driver" outcome. */
public final class NvmlLibraryMissingException extends Exception {
    private static final long serialVersionUID = 1L;

    /** @param message which library was tried, e.g. "libnvidia-ml.so.1 could not be loaded" */
    public NvmlLibraryMissingException(String message) {
        super(message);
    }
}
