package dev.gpufit.fit;

import dev.gpufit.device.Device;
import dev.gpufit.device.DeviceKind;
import java.util.List;
import java.util.Objects;

/**
 * The devices {@code --pick} pins a launch to: the first that fit, as many as the engine takes
 * (every one that fits for a layer split), named by UUID so the pin survives any reordering of
 * CUDA ordinals.
 *
 * @param devices the devices chosen, in the order the engine will see them; empty when too few fit
 * @param needed  how many the launch needs
 */
public record Pick(List<Device> devices, int needed) {
    /** The environment variable CUDA reads; UUIDs (GPU-..., MIG-...) are accepted there as ordinals are. */
    public static final String CUDA_VISIBLE_DEVICES = "CUDA_VISIBLE_DEVICES";

    public Pick {
        devices = List.copyOf(devices);
    }

    /** Chooses from every device judged on its own ({@link FitJudge#judgeEach}), in order. */
    public static Pick choose(Placement.Rule rule, int needed, List<DeviceFit> each) {
        List<DeviceFit> fitting = each.stream()
                .filter(f -> f.verdict().fits())
                .filter(f -> needed <= 1 || f.device().kind() != DeviceKind.MIG)
                .toList();
        List<Device> chosen = fitting.stream().map(DeviceFit::device).toList();
        if (rule != Placement.Rule.LAYER_SPLIT) {
            chosen = chosen.size() < needed ? List.of() : chosen.subList(0, needed);
        }
        return new Pick(chosen, needed);
    }

    /** Whether enough devices fit. */
    public boolean found() {
        return !devices.isEmpty() && devices.size() >= needed;
    }

    /**
     * The value of CUDA_VISIBLE_DEVICES that pins the chosen devices, or null when they are not
     * CUDA devices (host RAM, Apple, AMD, catalog what-ifs): nothing to pin.
     */
    public String cudaVisibleDevices() {
        if (!found() || devices.stream().anyMatch(d -> d.uuid() == null || !isCuda(d))) {
            return null;
        }
        return String.join(
                ",", devices.stream().map(Device::uuid).filter(Objects::nonNull).toList());
    }

    private static boolean isCuda(Device d) {
        return d.vendor() == dev.gpufit.device.Vendor.NVIDIA && d.kind() != DeviceKind.HOST;
    }
}
