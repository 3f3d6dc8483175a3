package dev.gpufit.device.nvml.jna;

import dev.gpufit.device.nvml.NvmlApi;
import dev.gpufit.device.nvml.NvmlException;
import dev.gpufit.device.nvml.NvmlLibraryMissingException;
import dev.gpufit.device.nvml.NvmlSession;
import java.util.Map;

/** {@link NvmlApi} over the real (or fake) NVML shared library through JNA. */
public final class JnaNvmlApi implements NvmlApi {
    private final Map<String, String> env;

    /** @param env the process environment, read for {@code GPUFIT_NVML_LIBRARY} (and Windows paths) */
    public JnaNvmlApi(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    @Override
    public NvmlSession open() throws NvmlException, NvmlLibraryMissingException {
        NvmlLibrary lib = NvmlLibraryLoader.load(env);
        int rc = JnaNvmlSession.call(() -> lib.nvmlInit_v2(), "nvmlInit_v2");
        if (rc != NvmlLibrary.NVML_SUCCESS) {
            // A failed init did not take a reference, so there is nothing to shut down.
            throw new NvmlException(rc, "nvmlInit_v2");
        }
        return new JnaNvmlSession(lib);
    }
}
