package dev.gpufit.device;

import java.util.List;

/**
 * Everything a probe of this machine found: what `gpufit devices` prints, what fit selects
 * from, and what the agent serves.
 *
 * @param host          the machine
 * @param devices       devices a model can use, in report order; {@code index} is the position
 *                      here, which for NVIDIA GPUs is the CUDA ordinal under CUDA_VISIBLE_DEVICES
 * @param hidden        devices the driver reports but CUDA_VISIBLE_DEVICES hides (or
 *                      ROCR/HIP_VISIBLE_DEVICES for AMD); never used for fitting
 * @param warnings      one line each: failed backends, lost GPUs, visibility surprises
 * @param failed        true when every backend failed (exit code 4)
 * @param elapsedMillis wall time of the probe
 * @param unanswered    backends that did not answer in time; their devices are missing, so a
 *                      long-running caller should keep its last complete answer
 * @param failures      GPU backends that failed or did not answer and GPUs that could not be
 *                      read ({@link ProbeFailure}): a verdict that includes them is unknown
 */
public record DeviceInventory(
        HostInfo host,
        List<Device> devices,
        List<Device> hidden,
        List<String> warnings,
        boolean failed,
        long elapsedMillis,
        List<String> unanswered,
        List<ProbeFailure> failures) {

    public DeviceInventory {
        devices = List.copyOf(devices);
        hidden = List.copyOf(hidden);
        warnings = List.copyOf(warnings);
        unanswered = List.copyOf(unanswered);
        failures = List.copyOf(failures);
    }

    public DeviceInventory(
            HostInfo host,
            List<Device> devices,
            List<Device> hidden,
            List<String> warnings,
            boolean failed,
            long elapsedMillis,
            List<String> unanswered) {
        this(host, devices, hidden, warnings, failed, elapsedMillis, unanswered, List.of());
    }

    public DeviceInventory(
            HostInfo host,
            List<Device> devices,
            List<Device> hidden,
            List<String> warnings,
            boolean failed,
            long elapsedMillis) {
        this(host, devices, hidden, warnings, failed, elapsedMillis, List.of());
    }

    /** True when some GPU backend failed or did not answer, or some GPU could not be read. */
    public boolean gpuProbeFailed() {
        return !failures.isEmpty();
    }

    /** True when some backend did not answer, so devices may be missing. */
    public boolean incomplete() {
        return !unanswered.isEmpty();
    }

    public ProbeResult toProbeResult() {
        return new ProbeResult(devices, warnings, failed, unanswered, failures);
    }
}
