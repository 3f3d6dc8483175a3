package dev.gpufit.device.nvml;

/**
 * The seam between the NVML probe logic and the native library. Implemented once over JNA
 * ({@code device.nvml.jna}); tests implement it by hand. Keeping the logic above this
 * interface is what lets it be tested on machines without a GPU or without the fake library.
 */
public interface NvmlApi {
    /**
     * Loads the library if needed and calls {@code nvmlInit_v2}. The session must be closed
     * (try-with-resources): close calls {@code nvmlShutdown}, keeping NVML's reference count
     * balanced.
     *
     * @throws NvmlLibraryMissingException when the library cannot be loaded (no driver)
     * @throws NvmlException               when {@code nvmlInit_v2} fails (9, 18, ...)
     */
    NvmlSession open() throws NvmlException, NvmlLibraryMissingException;
}
