package dev.gpufit.device.nvml.jna;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import org.junit.jupiter.api.Test;

/** The JNA structs must match nvml.h byte for byte (the fake's C code asserts the same sizes). */
class NvmlStructLayoutTest {
    @Test
    void memoryV1Is24Bytes() {
        assertEquals(24, new NvmlLibrary.NvmlMemoryV1().size());
    }

    @Test
    void memoryV2Is40BytesWithPaddingAfterVersion() {
        NvmlLibrary.NvmlMemoryV2 m = new NvmlLibrary.NvmlMemoryV2();
        assertEquals(40, m.size());
        m.version = 0x02000028;
        m.total = 1;
        m.reserved = 2;
        m.free = 3;
        m.used = 4;
        m.write();
        assertEquals(0x02000028, m.getPointer().getInt(0));
        assertEquals(1, m.getPointer().getLong(8), "4 bytes of padding after the 32-bit version");
        assertEquals(2, m.getPointer().getLong(16));
        assertEquals(3, m.getPointer().getLong(24));
        assertEquals(4, m.getPointer().getLong(32));
        assertEquals(0x02000028, NvmlLibrary.NVML_MEMORY_V2_VERSION, "sizeof | 2 << 24");
        assertEquals(40 | 2 << 24, NvmlLibrary.NVML_MEMORY_V2_VERSION);
    }

    @Test
    void pciInfoIs68Bytes() {
        NvmlLibrary.NvmlPciInfo p = new NvmlLibrary.NvmlPciInfo();
        assertEquals(68, p.size());
        p.domain = 7;
        p.busId[0] = 'X';
        p.write();
        assertEquals(7, p.getPointer().getInt(16), "domain follows the 16-byte legacy bus id");
        assertEquals('X', p.getPointer().getByte(36), "busId starts at 36");
    }

    /** nvmlProcessInfo_v1_st in gen/nvml/nvml.h (github.com/NVIDIA/go-nvml): pid, usedGpuMemory. */
    @Test
    void processInfoV1Is16BytesWithPaddingAfterPid() {
        NvmlLibrary.NvmlProcessInfoV1 p = new NvmlLibrary.NvmlProcessInfoV1();
        assertEquals(16, p.size());
        p.pid = 4121;
        p.usedGpuMemory = 75_268_374_528L;
        p.write();
        assertEquals(4121, p.getPointer().getInt(0));
        assertEquals(75_268_374_528L, p.getPointer().getLong(8), "4 bytes of padding after the 32-bit pid");
    }

    /** nvmlProcessInfo_v2_st (= nvmlProcessInfo_t): v1 then gpuInstanceId and computeInstanceId. */
    @Test
    void processInfoV2Is24BytesWithTheMigIdsAtTheEnd() {
        NvmlLibrary.NvmlProcessInfo p = new NvmlLibrary.NvmlProcessInfo();
        assertEquals(24, p.size());
        p.pid = 977;
        p.usedGpuMemory = 1;
        p.gpuInstanceId = 0xFFFFFFFF;
        p.computeInstanceId = 5;
        p.write();
        assertEquals(977, p.getPointer().getInt(0));
        assertEquals(1, p.getPointer().getLong(8));
        assertEquals(0xFFFFFFFF, p.getPointer().getInt(16));
        assertEquals(5, p.getPointer().getInt(20));
        Structure[] array = new NvmlLibrary.NvmlProcessInfo().toArray(2);
        assertEquals(
                24,
                Pointer.nativeValue(array[1].getPointer()) - Pointer.nativeValue(array[0].getPointer()),
                "the buffer handed to NVML is an array of 24-byte entries");
    }
}
