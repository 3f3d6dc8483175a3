package dev.gpufit.device.nvml.jna;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import dev.gpufit.device.nvml.NvmlException;
import dev.gpufit.device.nvml.NvmlHandle;
import dev.gpufit.device.nvml.NvmlMemory;
import dev.gpufit.device.nvml.NvmlProcess;
import dev.gpufit.device.nvml.NvmlReturn;
import dev.gpufit.device.nvml.NvmlSession;
import dev.gpufit.testing.FakeNvml;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The real JNA binding against the fake libnvidia-ml.so.1: symbols, buffers, struct versions. */
class JnaNvmlBindingTest {
    /** The fake's test hook: inits not yet matched by a shutdown. */
    interface FakeHooks extends Library {
        int fakeNvmlRefCount();
    }

    final JnaNvmlApi api =
            new JnaNvmlApi(Map.of("GPUFIT_NVML_LIBRARY", FakeNvml.library().toString()));
    final FakeHooks hooks = Native.load(FakeNvml.library().toString(), FakeHooks.class);

    @Test
    void readsEveryFieldThroughTheRealStructs() throws Exception {
        FakeNvml.scenario(FakeNvml.TWO_H100_AND_MIG);
        int before = hooks.fakeNvmlRefCount();
        try (NvmlSession s = api.open()) {
            assertEquals(before + 1, hooks.fakeNvmlRefCount());
            assertEquals("550.54.15", s.driverVersion());
            assertEquals(12040, s.cudaDriverVersion());
            assertEquals(2, s.deviceCount());
            NvmlHandle h = s.handleByIndex(1);
            assertEquals("NVIDIA H100 80GB HBM3", s.name(h));
            assertEquals("GPU-7a9e2b44-1111-2222-3333-444455556666", s.uuid(h));
            assertEquals("00000000:2A:00.0", s.pciBusId(h));
            assertArrayEquals(new int[] {9, 0}, s.computeCapability(h));
            NvmlMemory v2 = s.memoryV2(h);
            assertEquals(
                    new NvmlMemory(
                            85_520_809_984L,
                            567_279_616L,
                            85_520_809_984L - 567_279_616L - 64_424_509_440L,
                            64_424_509_440L,
                            2),
                    v2);
            NvmlMemory v1 = s.memoryV1(h);
            assertEquals(v2.used() + v2.reserved(), v1.used(), "v1 used includes the reserved framebuffer");
            assertEquals(v2.free(), v1.free());
            NvmlHandle gpu0 = s.handleByIndex(0);
            assertEquals(true, s.migEnabled(gpu0));
            assertEquals(false, s.migEnabled(h));
            assertEquals(7, s.maxMigDeviceCount(gpu0));
            NvmlHandle mig = s.migHandleByIndex(gpu0, 0);
            assertEquals("MIG-3c2b1a00-aaaa-bbbb-cccc-ddddeeeeffff", s.uuid(mig));
            assertEquals(42_949_672_960L, s.memoryV2(mig).total());
            NvmlException sparse = assertThrows(NvmlException.class, () -> s.migHandleByIndex(gpu0, 1));
            assertEquals(NvmlReturn.ERROR_NOT_FOUND, sparse.ret());
        }
        assertEquals(before, hooks.fakeNvmlRefCount(), "close() called nvmlShutdown");
    }

    @Test
    void handlesDoNotOutliveTheirSession() throws Exception {
        FakeNvml.scenario(FakeNvml.TWO_H100);
        NvmlHandle h;
        try (NvmlSession s = api.open()) {
            h = s.handleByIndex(0);
        }
        NvmlHandle stale = h;
        try (NvmlSession s = api.open()) {
            assertThrows(
                    IllegalArgumentException.class, () -> s.name(stale), "a handle from another session is refused");
        }
    }

    @Test
    void wrongStructVersionIsRejectedByTheLibrary() {
        FakeNvml.scenario(FakeNvml.TWO_H100);
        NvmlLibrary lib = Native.load(FakeNvml.library().toString(), NvmlLibrary.class);
        assertEquals(0, lib.nvmlInit_v2());
        try {
            PointerByReference ref = new PointerByReference();
            assertEquals(0, lib.nvmlDeviceGetHandleByIndex_v2(0, ref));
            Pointer dev = ref.getValue();
            NvmlLibrary.NvmlMemoryV2 m = new NvmlLibrary.NvmlMemoryV2();
            m.version = 0;
            assertEquals(NvmlReturn.ERROR_ARGUMENT_VERSION_MISMATCH.code(), lib.nvmlDeviceGetMemoryInfo_v2(dev, m));
            byte[] small = new byte[8];
            assertEquals(NvmlReturn.ERROR_INSUFFICIENT_SIZE.code(), lib.nvmlDeviceGetName(dev, small, small.length));
        } finally {
            lib.nvmlShutdown();
        }
    }

    @Test
    void initFailureCarriesTheCode() {
        FakeNvml.scenario("error call=nvmlInit_v2 code=9\n");
        NvmlException e = assertThrows(NvmlException.class, api::open);
        assertEquals(NvmlReturn.ERROR_DRIVER_NOT_LOADED, e.ret());
    }

    @Test
    void listsRunningProcessesThroughTheV3Symbols() throws Exception {
        FakeNvml.scenario(FakeNvml.BUSY_GPU0_WITH_PROCESSES);
        try (NvmlSession s = api.open()) {
            NvmlHandle gpu0 = s.handleByIndex(0);
            assertEquals(List.of(new NvmlProcess(4121, FakeNvml.PYTHON3_BYTES)), s.computeProcesses(gpu0));
            assertEquals(List.of(new NvmlProcess(977, FakeNvml.XORG_BYTES)), s.graphicsProcesses(gpu0));
            NvmlHandle gpu1 = s.handleByIndex(1);
            assertEquals(List.of(), s.computeProcesses(gpu1));
            assertEquals(List.of(), s.graphicsProcesses(gpu1));
            assertEquals("/usr/bin/python3.11", s.processName(4121));
            NvmlException none = assertThrows(NvmlException.class, () -> s.processName(1));
            assertEquals(NvmlReturn.ERROR_NOT_FOUND, none.ret());
        }
    }

    @Test
    void permissionErrorOnOneDeviceCarriesTheCodeAndTheSymbol() throws Exception {
        FakeNvml.scenario(FakeNvml.BUSY_GPU0_WITH_PROCESSES
                + "error call=nvmlDeviceGetComputeRunningProcesses_v3 device=1 code=4\n");
        try (NvmlSession s = api.open()) {
            assertEquals(1, s.computeProcesses(s.handleByIndex(0)).size(), "GPU 0 still answers");
            NvmlException e = assertThrows(NvmlException.class, () -> s.computeProcesses(s.handleByIndex(1)));
            assertEquals(NvmlReturn.ERROR_NO_PERMISSION, e.ret());
            assertEquals("nvmlDeviceGetComputeRunningProcesses_v3", e.call());
        }
    }

    @Test
    void olderDriversFallBackToV2ThenToTheV1Struct() throws Exception {
        // a symbol the driver lacks reads as FUNCTION_NOT_FOUND, whether JNA cannot find it or the call says so
        String noV3 = "error call=nvmlDeviceGetComputeRunningProcesses_v3 code=13\n";
        String noV2 = "error call=nvmlDeviceGetComputeRunningProcesses_v2 code=13\n";
        List<NvmlProcess> expected = List.of(new NvmlProcess(4121, FakeNvml.PYTHON3_BYTES));
        FakeNvml.scenario(FakeNvml.BUSY_GPU0_WITH_PROCESSES + noV3);
        try (NvmlSession s = api.open()) {
            assertEquals(expected, s.computeProcesses(s.handleByIndex(0)), "_v2, same 24-byte struct");
        }
        FakeNvml.scenario(FakeNvml.BUSY_GPU0_WITH_PROCESSES + noV3 + noV2);
        try (NvmlSession s = api.open()) {
            assertEquals(expected, s.computeProcesses(s.handleByIndex(0)), "unversioned: 16-byte v1 struct");
        }
        FakeNvml.scenario(FakeNvml.BUSY_GPU0_WITH_PROCESSES + noV3 + noV2
                + "error call=nvmlDeviceGetComputeRunningProcesses code=13\n");
        try (NvmlSession s = api.open()) {
            NvmlException e = assertThrows(NvmlException.class, () -> s.computeProcesses(s.handleByIndex(0)));
            assertEquals(NvmlReturn.ERROR_FUNCTION_NOT_FOUND, e.ret());
        }
    }

    @Test
    void sizesTheBufferFromInsufficientSizeAndReadsEveryEntry() throws Exception {
        StringBuilder scenario = new StringBuilder(FakeNvml.TWO_H100);
        List<NvmlProcess> expected = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            long used = (i + 1) * 1_048_576L;
            scenario.append("process device=1 pid=")
                    .append(5000 + i)
                    .append(" used=")
                    .append(used)
                    .append('\n');
            expected.add(new NvmlProcess(5000 + i, used));
        }
        // unsigned 32-bit pid, and NVML_VALUE_NOT_AVAILABLE for memory (always so under Windows WDDM)
        scenario.append("process device=1 pid=4000000000 used=unknown\n");
        expected.add(new NvmlProcess(4_000_000_000L, null));
        for (String noV3 : List.of(
                "",
                "error call=nvmlDeviceGetComputeRunningProcesses_v3 code=13\n"
                        + "error call=nvmlDeviceGetComputeRunningProcesses_v2 code=13\n")) {
            FakeNvml.scenario(scenario + noV3);
            try (NvmlSession s = api.open()) {
                assertEquals(expected, s.computeProcesses(s.handleByIndex(1)), noV3);
            }
        }
    }

    @Test
    void migInstancesListTheirOwnProcesses() throws Exception {
        FakeNvml.scenario(FakeNvml.TWO_H100_AND_MIG + "process device=0 mig=0 pid=31 used=1048576\n"
                + "process device=1 pid=32 used=2097152\n");
        try (NvmlSession s = api.open()) {
            NvmlHandle gpu0 = s.handleByIndex(0);
            assertEquals(List.of(new NvmlProcess(31, 1_048_576L)), s.computeProcesses(s.migHandleByIndex(gpu0, 0)));
            assertEquals(List.of(new NvmlProcess(32, 2_097_152L)), s.computeProcesses(s.handleByIndex(1)));
        }
    }
}
