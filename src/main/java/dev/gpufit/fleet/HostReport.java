package dev.gpufit.fleet;

import dev.gpufit.device.GpuCount;
import java.util.List;

/**
 * One host's report.
 *
 * @param host       the host name the report carries, else derived from the file name or URL
 * @param source     where it was read: the file, "FILE#N" / "-#N" in a stream, or the URL
 * @param schema     gpufit/devices/v1 or gpufit/fit/v1
 * @param stale      the agent served its last good answer because the latest probe hung
 * @param devices    the devices, in report order
 * @param fitModel   fit reports: the model id judged, else {@code null}
 * @param fitContext fit reports: the context judged, {@code null} when absent
 */
public record HostReport(
        String host,
        String source,
        String schema,
        boolean stale,
        List<FleetDevice> devices,
        String fitModel,
        Long fitContext) {

    public HostReport {
        devices = List.copyOf(devices);
    }

    public boolean isFitReport() {
        return fitModel != null;
    }

    /** The report came from an agent (a live answer), not from a file or a stream. */
    public boolean fromAgent() {
        String s = source.toLowerCase(java.util.Locale.ROOT);
        return s.startsWith("http://") || s.startsWith("https://");
    }

    /**
     * A GPU with MIG enabled: a discrete device {@code X} of this report with MIG instances
     * {@code X/mig:N} beside it (the rule of {@code gpufit fit}'s DeviceSelector). CUDA runs only
     * on the instances and the parent's memory is theirs, so fleet neither judges nor counts it.
     */
    public boolean isMigParent(FleetDevice d) {
        return GpuCount.isMigParent(d, devices, FleetDevice::id, FleetDevice::kind);
    }
}
