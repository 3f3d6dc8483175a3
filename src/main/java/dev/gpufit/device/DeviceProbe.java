package dev.gpufit.device;

/** One backend that finds devices (NVML, Apple, AMD sysfs, host RAM). */
public interface DeviceProbe {
    /** Short name for warnings, e.g. "nvml". */
    String name();

    /** Finds devices. Must not throw for hardware or driver trouble; report it as warnings. */
    ProbeResult probe();
}
