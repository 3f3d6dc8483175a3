package dev.gpufit.device.nvml.jna;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import dev.gpufit.LazyLogger;
import dev.gpufit.device.nvml.NvmlLibraryMissingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;

/**
 * Finds and loads the NVML library once per file name. Linux: {@code libnvidia-ml.so.1} (the
 * versioned name: driver-only installs lack the unversioned {@code libnvidia-ml.so}). Windows:
 * System32 (DCH drivers), then NVSMI (older drivers). {@code GPUFIT_NVML_LIBRARY} overrides both.
 */
final class NvmlLibraryLoader {
    static final String ENV_OVERRIDE = "GPUFIT_NVML_LIBRARY";
    private static final Logger LOG = LazyLogger.get(NvmlLibraryLoader.class);
    private static final Map<String, NvmlLibrary> LOADED = new ConcurrentHashMap<>();

    private NvmlLibraryLoader() {}

    static NvmlLibrary load(Map<String, String> env) throws NvmlLibraryMissingException {
        List<String> candidates = candidates(env);
        List<String> failures = new ArrayList<>();
        for (String name : candidates) {
            NvmlLibrary cached = LOADED.get(name);
            if (cached != null) {
                return cached;
            }
            try {
                NvmlLibrary lib = Native.load(name, NvmlLibrary.class);
                LOADED.put(name, lib);
                return lib;
            } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
                LOG.debug("NVML library {} not loadable", name, e);
                failures.add(name);
            }
        }
        String override = env.get(ENV_OVERRIDE);
        if (override != null && !override.isBlank()) {
            throw new NvmlLibraryMissingException(ENV_OVERRIDE + "=" + override + " could not be loaded"
                    + (Files.exists(Path.of(override)) ? "" : " (no such file)"));
        }
        throw new NvmlLibraryMissingException(String.join(", ", failures) + " not found");
    }

    static List<String> candidates(Map<String, String> env) {
        String override = env.get(ENV_OVERRIDE);
        if (override != null && !override.isBlank()) {
            // JNA treats only absolute names as files; a relative one would go through the search path.
            return List.of(Path.of(override.strip()).toAbsolutePath().toString());
        }
        if (Platform.isWindows()) {
            String windir = env.getOrDefault("WINDIR", "C:\\Windows");
            String programs = env.getOrDefault("ProgramW6432", env.getOrDefault("ProgramFiles", "C:\\Program Files"));
            return List.of(windir + "\\System32\\nvml.dll", programs + "\\NVIDIA Corporation\\NVSMI\\nvml.dll");
        }
        return List.of("libnvidia-ml.so.1");
    }
}
