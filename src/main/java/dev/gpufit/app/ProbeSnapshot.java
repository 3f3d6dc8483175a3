package dev.gpufit.app;

import dev.gpufit.device.Device;
import dev.gpufit.device.DeviceInventory;
import java.util.List;

/**
 * What the agent serves: the last good probe and how fresh it is.
 *
 * @param inventory        devices, host and warnings (the last good answer when {@code stale})
 * @param probedAtMillis   wall-clock time of that answer (epoch ms), 0 when there never was one
 * @param stale            true when the latest probe hung or failed and this is an older answer
 * @param durationSeconds  how long the last completed probe took
 * @param errorsTotal      probes that failed or timed out since start
 * @param generation       changes whenever anything above changes; renderers cache by it
 */
public record ProbeSnapshot(
        DeviceInventory inventory,
        long probedAtMillis,
        boolean stale,
        double durationSeconds,
        long errorsTotal,
        long generation) {

    public List<Device> devices() {
        return inventory.devices();
    }
}
