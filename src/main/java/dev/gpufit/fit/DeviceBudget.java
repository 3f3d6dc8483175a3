package dev.gpufit.fit;

import dev.gpufit.device.Device;
import dev.gpufit.device.DeviceKind;

/**
 * What one device offers a model under a {@link Budget}.
 *
 * <p>Free budget: the device's usable figure as probed (free memory on a discrete GPU or MIG
 * slice, the Metal working set on Apple, available RAM on the host). Total budget: the device
 * as if no other process used it, less what the driver reserves (CUDA never hands that out);
 * unified devices keep their usable figure because their limit is a policy, not occupancy.
 *
 * @param bytes  the budget
 * @param source how it was derived, for the report
 */
public record DeviceBudget(long bytes, String source) {

    public static DeviceBudget of(Device d, Budget budget) {
        if (budget == Budget.FREE || d.kind() == DeviceKind.UNIFIED) {
            String src = d.usableSource() == null ? "usable memory" : d.usableSource();
            return new DeviceBudget(
                    d.usableBytes(),
                    budget == Budget.FREE ? src : src + " (unified memory: the total budget is the same)");
        }
        long reserved = d.reservedBytes() == null ? 0 : d.reservedBytes();
        String src = d.reservedBytes() == null ? "total (reserved unknown)" : "total − reserved";
        return new DeviceBudget(Math.max(0, d.totalBytes() - reserved), src);
    }
}
