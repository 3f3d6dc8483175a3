package dev.gpufit.device;

import java.util.Objects;

/**
 * A GPU backend that failed or did not answer, or one GPU it could not read: devices that may be
 * here but are missing from the probe. Not a failure: a machine without the backend's driver
 * (no libnvidia-ml, no amdgpu cards), which simply has none of its GPUs.
 *
 * @param backend the backend, e.g. "nvml"
 * @param device  the GPU it could not read (e.g. "nvidia:1", NVML order), or {@code null} when the
 *                whole backend failed and any number of its GPUs may be missing
 * @param reason  the driver's reason, e.g. "cannot initialize NVML: ... [nvmlInit_v2: ... = 18]"
 */
public record ProbeFailure(String backend, String device, String reason) {
    public ProbeFailure {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(reason, "reason");
    }

    /** The whole backend failed or did not answer. */
    public static ProbeFailure backend(String backend, String reason) {
        return new ProbeFailure(backend, null, reason);
    }

    /** One line: "nvml: GPU nvidia:1: ..." or "nvml: ...". */
    public String describe() {
        return backend + ": " + (device == null ? "" : device + ": ") + reason;
    }
}
