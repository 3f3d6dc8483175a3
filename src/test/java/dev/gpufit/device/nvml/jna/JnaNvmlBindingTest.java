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
import dev.gpufit.device.nvml.NvmlReturn;
import dev.gpufit.device.nvml.NvmlSession;
import dev.gpufit.testing.FakeNvml;
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
}
