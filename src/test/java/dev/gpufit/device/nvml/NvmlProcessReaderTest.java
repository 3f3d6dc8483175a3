package dev.gpufit.device.nvml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.gpufit.device.Device;
import dev.gpufit.device.GpuProcess;
import dev.gpufit.device.HostMemory;
import dev.gpufit.device.ProbeResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Who holds the memory, through the probe over {@link FakeNvmlApi}: merging, naming, order, refusals. */
class NvmlProcessReaderTest {
    static final long GIB = 1L << 30;
    static final NvmlMemory IDLE = NvmlProbeTest.IDLE;

    final FakeNvmlApi nvml = new FakeNvmlApi();
    /** The process table: only PID 20 is in it. */
    final NvmlProbe probe =
            new NvmlProbe(nvml, () -> new HostMemory(128L << 30, 100L << 30), Map.of(20L, "python3")::get);

    @Test
    void bothListsMergedPerPidNamedAndLargestFirst() {
        nvml.gpus.add(new FakeNvmlApi.Gpu("H100", "GPU-a", IDLE, List.of()));
        nvml.compute.put("0", List.of(new NvmlProcess(10, GIB), new NvmlProcess(20, 5 * GIB)));
        nvml.graphics.put("0", List.of(new NvmlProcess(10, GIB), new NvmlProcess(30, null)));
        nvml.driverNames.put(10L, "/usr/lib/xorg/Xorg");
        ProbeResult r = probe.probe();
        assertEquals(
                List.of(
                        new GpuProcess(20, "python3", 5 * GIB, GpuProcess.Type.COMPUTE),
                        new GpuProcess(10, "Xorg", GIB, GpuProcess.Type.COMPUTE_GRAPHICS),
                        new GpuProcess(30, null, null, GpuProcess.Type.GRAPHICS)),
                r.devices().get(0).processes(),
                "the process table names 20, the driver's path names 10, nothing names 30; unknown size last");
    }

    @Test
    void anIdleGpuHasAnEmptyListNotAnUnknownOne() {
        nvml.gpus.add(new FakeNvmlApi.Gpu("H100", "GPU-a", IDLE, List.of()));
        assertEquals(List.of(), probe.probe().devices().get(0).processes());
    }

    @Test
    void aRefusedQueryLeavesProcessesUnknownWithANoteAndKeepsTheDevice() {
        nvml.gpus.add(new FakeNvmlApi.Gpu("H100", "GPU-a", IDLE, List.of()));
        nvml.gpus.add(new FakeNvmlApi.Gpu("H100", "GPU-b", IDLE, List.of()));
        nvml.compute.put("0", List.of(new NvmlProcess(10, GIB)));
        nvml.errors.put("nvmlDeviceGetComputeRunningProcesses_v3@1", NvmlReturn.ERROR_NO_PERMISSION.code());
        ProbeResult r = probe.probe();
        assertFalse(r.failed());
        assertEquals(List.of(), r.warnings(), "not a probe failure");
        assertEquals(2, r.devices().size());
        assertEquals(1, r.devices().get(0).processes().size());
        Device b = r.devices().get(1);
        assertNull(b.processes());
        assertEquals(IDLE.free(), b.freeBytes(), "the memory figures stand");
        assertEquals(
                List.of("processes unknown: " + NvmlReturn.ERROR_NO_PERMISSION.advice()
                        + " [nvmlDeviceGetComputeRunningProcesses_v3: NVML_ERROR_NO_PERMISSION = 4]"),
                b.notes().stream().filter(n -> n.startsWith("processes")).toList());
    }

    @Test
    void notSupportedOnTheGraphicsListIsUnknownToo() {
        nvml.gpus.add(new FakeNvmlApi.Gpu("H100", "GPU-a", IDLE, List.of()));
        nvml.compute.put("0", List.of(new NvmlProcess(10, GIB)));
        nvml.errors.put("nvmlDeviceGetGraphicsRunningProcesses_v3", NvmlReturn.ERROR_NOT_SUPPORTED.code());
        Device d = probe.probe().devices().get(0);
        assertNull(d.processes(), "half a list would let `fits once` claim none when it does not know");
        assertEquals(
                1,
                d.notes().stream()
                        .filter(n -> n.startsWith(GpuProcess.UNKNOWN_NOTE_PREFIX + "not supported"))
                        .count(),
                d.notes().toString());
    }

    @Test
    void aGpuLostWhileListingIsSkippedLikeAnyLostGpu() {
        nvml.gpus.add(new FakeNvmlApi.Gpu("H100", "GPU-a", IDLE, List.of()));
        nvml.errors.put("nvmlDeviceGetComputeRunningProcesses_v3", NvmlReturn.ERROR_GPU_IS_LOST.code());
        ProbeResult r = probe.probe();
        assertEquals(List.of(), r.devices());
        assertEquals(1, r.warnings().size(), r.warnings().toString());
    }

    @Test
    void migInstancesCarryTheirOwnProcessesAndTheParentNone() {
        NvmlMemory slice = new NvmlMemory(42_949_672_960L, 0L, 42_949_672_960L, 0, 2);
        nvml.gpus.add(new FakeNvmlApi.Gpu(
                "H100", "GPU-a", IDLE, List.of(new FakeNvmlApi.Mig(1, "MIG 3g.40gb", "MIG-1", slice))));
        nvml.compute.put("0", List.of(new NvmlProcess(10, GIB), new NvmlProcess(20, GIB)));
        nvml.compute.put("0/mig:1", List.of(new NvmlProcess(20, GIB)));
        ProbeResult r = probe.probe();
        assertNull(r.devices().get(0).processes(), "a MIG parent takes no work: its processes are its instances'");
        assertEquals(
                List.of(new GpuProcess(20, "python3", GIB, GpuProcess.Type.COMPUTE)),
                r.devices().get(1).processes());
    }
}
