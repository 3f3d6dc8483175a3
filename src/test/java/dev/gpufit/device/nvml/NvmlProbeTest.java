package dev.gpufit.device.nvml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gpufit.device.Device;
import dev.gpufit.device.DeviceKind;
import dev.gpufit.device.HostMemory;
import dev.gpufit.device.ProbeResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The NVML probe logic over {@link FakeNvmlApi}: no native library involved. */
class NvmlProbeTest {
    static final long TOTAL = 85_520_809_984L;
    static final long RESERVED = 567_279_616L;
    static final NvmlMemory IDLE = new NvmlMemory(TOTAL, RESERVED, TOTAL - RESERVED, 0, 2);

    final FakeNvmlApi nvml = new FakeNvmlApi();
    final NvmlProbe probe = new NvmlProbe(nvml, () -> new HostMemory(128L << 30, 100L << 30));

    @Test
    void initAndShutdownPairUpEvenWhenADeviceFails() {
        nvml.gpus.add(new FakeNvmlApi.Gpu("H100", "GPU-a", IDLE, List.of()));
        nvml.errors.put("nvmlDeviceGetMemoryInfo_v2@0", 15);
        probe.probe();
        assertEquals(1, nvml.inits);
        assertEquals(1, nvml.shutdowns, "every init is matched by a shutdown");
    }

    @Test
    void failedInitIsNotShutDownAndFailsOnlyThisBackend() {
        nvml.errors.put("nvmlInit_v2", 18);
        ProbeResult r = probe.probe();
        assertTrue(r.failed());
        assertTrue(r.warnings().get(0).contains("reboot"), r.warnings().toString());
        assertEquals(0, nvml.shutdowns, "a failed nvmlInit_v2 took no reference");
    }

    @Test
    void fallsBackToV1WhenV2IsMissing() {
        nvml.gpus.add(new FakeNvmlApi.Gpu("H100", "GPU-a", IDLE, List.of()));
        nvml.errors.put("nvmlDeviceGetMemoryInfo_v2", NvmlReturn.ERROR_FUNCTION_NOT_FOUND.code());
        Device d = probe.probe().devices().get(0);
        assertEquals("NVML memory v1 free", d.usableSource());
        assertNull(d.reservedBytes(), "v1 cannot tell reserved apart");
        assertEquals(TOTAL - RESERVED, d.freeBytes());
    }

    @Test
    void integratedGpuWithoutMemoryInfoUsesHostRam() {
        nvml.gpus.add(new FakeNvmlApi.Gpu("NVIDIA GB10", "GPU-a", IDLE, List.of()));
        nvml.errors.put("nvmlDeviceGetMemoryInfo_v2", 3);
        nvml.errors.put("nvmlDeviceGetMemoryInfo", 3);
        Device d = probe.probe().devices().get(0);
        assertEquals(DeviceKind.UNIFIED, d.kind());
        assertEquals(128L << 30, d.totalBytes());
        assertEquals(100L << 30, d.usableBytes());
    }

    @Test
    void migInstancesAreDevicesAndSparseIndicesAreSkipped() {
        NvmlMemory slice = new NvmlMemory(42_949_672_960L, 0L, 42_949_672_960L, 0, 2);
        nvml.gpus.add(new FakeNvmlApi.Gpu(
                "H100",
                "GPU-a",
                IDLE,
                List.of(
                        new FakeNvmlApi.Mig(1, "MIG 3g.40gb", "MIG-1", slice),
                        new FakeNvmlApi.Mig(5, "MIG 1g.10gb", "MIG-5", slice))));
        ProbeResult r = probe.probe();
        assertEquals(
                List.of("nvidia:0", "nvidia:0/mig:1", "nvidia:0/mig:5"),
                r.devices().stream().map(Device::id).toList());
        assertEquals(0, r.devices().get(0).usableBytes(), "a MIG-enabled parent takes no CUDA work");
        assertEquals(DeviceKind.MIG, r.devices().get(1).kind());
        assertEquals(List.of(), r.warnings(), "NOT_FOUND at indices without an instance is normal");
    }

    @Test
    void forbiddenGpuDoesNotHideTheOther() {
        nvml.gpus.add(new FakeNvmlApi.Gpu("H100", "GPU-a", IDLE, List.of()));
        nvml.gpus.add(new FakeNvmlApi.Gpu("H100", "GPU-b", IDLE, List.of()));
        nvml.errors.put("nvmlDeviceGetHandleByIndex_v2@0", 4);
        ProbeResult r = probe.probe();
        assertFalse(r.failed());
        assertEquals(List.of("GPU-b"), r.devices().stream().map(Device::uuid).toList());
        assertTrue(
                r.warnings().get(0).startsWith("nvml: GPU 0: skipped: no permission"),
                r.warnings().toString());
    }

    @Test
    void missingLibraryIsNoDriverNotAFailure() {
        ProbeResult r = new NvmlProbe(
                        () -> {
                            throw new NvmlLibraryMissingException("libnvidia-ml.so.1 not found");
                        },
                        () -> null)
                .probe();
        assertFalse(r.failed());
        assertEquals(List.of("nvml: no NVIDIA driver found (libnvidia-ml.so.1 not found)"), r.warnings());
    }
}
