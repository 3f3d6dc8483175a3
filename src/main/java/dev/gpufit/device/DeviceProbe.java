package dev.gpufit.device;

/** One backend that finds devices (NVML, Apple, AMD sysfs, host RAM). */
public interface DeviceProbe {
    /** Short name for warnings, e.g. "nvml". */
    String name();

    /**
     * True for a backend that finds GPUs: its failure leaves GPUs unknown ({@link ProbeFailure});
     * false for host RAM.
     */
    default boolean findsGpus() {
        return true;
    }

    /** Finds devices. Must not throw for hardware or driver trouble; report it as warnings. */
    ProbeResult probe();
}
