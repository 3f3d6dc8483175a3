package dev.gpufit.device;

import java.util.List;

/** NVIDIA devices as NvmlProbe reports them, for visibility tests. */
final class TestDevices {
    private TestDevices() {}

    static Device gpu(int index, String name, String uuid) {
        return new Device(
                "nvidia:" + index,
                index,
                Vendor.NVIDIA,
                name,
                uuid,
                null,
                DeviceKind.DISCRETE,
                85_520_809_984L,
                84_953_530_368L,
                567_279_616L,
                84_953_530_368L,
                "9.0",
                "550.54.15",
                "NVML memory v2 free",
                List.of());
    }

    static Device mig(int parent, int slot, String uuid) {
        return new Device(
                "nvidia:" + parent + "/mig:" + slot,
                parent,
                Vendor.NVIDIA,
                "NVIDIA H100 80GB HBM3 MIG 3g.40gb",
                uuid,
                null,
                DeviceKind.MIG,
                42_949_672_960L,
                42_949_672_960L,
                0L,
                42_949_672_960L,
                "9.0",
                "550.54.15",
                "NVML memory v2 free",
                List.of());
    }
}
