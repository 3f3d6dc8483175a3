package dev.gpufit.device;

import java.util.List;

/**
 * What a probe found. Probes never throw for hardware trouble: what went wrong is a warning,
 * and the devices that could be read are still returned.
 *
 * @param devices  devices found, in report order
 * @param warnings one line each, saying what failed and what to do
 * @param failed     true when this probe (or, for the composite, every backend) failed outright
 * @param unanswered backends that did not answer before the deadline (a hung driver call): their
 *                   devices are missing from this result, which is therefore incomplete
 * @param failures   GPU backends that failed or did not answer, and GPUs that could not be read:
 *                   what a verdict on "the GPUs here" cannot know (a missing driver is none)
 */
public record ProbeResult(
        List<Device> devices,
        List<String> warnings,
        boolean failed,
        List<String> unanswered,
        List<ProbeFailure> failures) {
    public ProbeResult {
        devices = List.copyOf(devices);
        warnings = List.copyOf(warnings);
        unanswered = List.copyOf(unanswered);
        failures = List.copyOf(failures);
    }

    public ProbeResult(List<Device> devices, List<String> warnings, boolean failed, List<String> unanswered) {
        this(devices, warnings, failed, unanswered, List.of());
    }

    public ProbeResult(List<Device> devices, List<String> warnings, boolean failed) {
        this(devices, warnings, failed, List.of());
    }

    public static ProbeResult of(List<Device> devices, List<String> warnings) {
        return new ProbeResult(devices, warnings, false);
    }

    public static ProbeResult failure(String warning) {
        return new ProbeResult(List.of(), List.of(warning), true);
    }
}
