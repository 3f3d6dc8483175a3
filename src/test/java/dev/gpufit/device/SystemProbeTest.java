package dev.gpufit.device;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SystemProbeTest {
    @Test
    void ordersNvidiaByCudaOrdinalThenOthersAndReindexes() {
        Device amd = new Device(
                "amd:0",
                0,
                Vendor.AMD,
                "AMD",
                null,
                null,
                DeviceKind.DISCRETE,
                10,
                5L,
                null,
                5,
                null,
                null,
                "sysfs VRAM total - used",
                List.of());
        DeviceProbe backend = CompositeProbeTest.probe(
                "all",
                () -> ProbeResult.of(
                        List.of(
                                CompositeProbeTest.HOST,
                                amd,
                                TestDevices.gpu(0, "A", "GPU-a"),
                                TestDevices.gpu(1, "A", "GPU-b")),
                        List.of()));
        DeviceInventory inv = new SystemProbe(
                        List.of(backend), Duration.ofSeconds(2), Map.of("CUDA_VISIBLE_DEVICES", "1"), () -> "cpu")
                .inventory();
        assertEquals(
                List.of("nvidia:1", "amd:0", "host"),
                inv.devices().stream().map(Device::id).toList());
        assertEquals(
                List.of(0, 1, 2),
                inv.devices().stream().map(Device::index).toList(),
                "index is the report position; NVIDIA's is the CUDA ordinal");
        assertEquals(List.of("nvidia:0"), inv.hidden().stream().map(Device::id).toList());
        assertEquals("1", inv.host().cudaVisibleDevices());
        assertEquals("cpu", inv.host().cpu());
    }

    @Test
    void theCpuNameIsDataFromTheHostBackendNotCutFromTheLabel() {
        Device host = new Device(
                "host",
                0,
                Vendor.HOST,
                "host RAM",
                null,
                null,
                DeviceKind.HOST,
                100,
                50L,
                null,
                50,
                null,
                null,
                "OS available memory",
                List.of());
        SystemProbe probe = new SystemProbe(
                List.of(CompositeProbeTest.probe("host", () -> ProbeResult.of(List.of(host), List.of()))),
                Duration.ofSeconds(2),
                Map.of("HOSTNAME", "node-a"),
                () -> "AMD EPYC 7763 64-Core Processor");
        DeviceInventory inv = probe.inventory();
        assertEquals("AMD EPYC 7763 64-Core Processor", inv.host().cpu());
        assertEquals("node-a", inv.host().hostname());
        assertEquals("node-a", probe.inventory().host().hostname());
    }

    @Test
    void theHostBackendReadsTheCpuNameOnce() {
        dev.gpufit.device.host.OshiHost host = new dev.gpufit.device.host.OshiHost();
        assertEquals(null, host.knownCpuName(), "nothing read before the probe");
        String first = host.cpuName();
        assertEquals(first, host.knownCpuName());
        assertEquals(first, host.cpuName());
    }
}
