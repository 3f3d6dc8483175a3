package dev.gpufit.device.nvml.jna;

import com.sun.jna.Library;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;

/**
 * The NVML C API as JNA sees it: C names verbatim, with the explicit {@code _v2}/{@code _v3}
 * suffixes, because JNA binds by symbol name and nvml.h's version macros never apply (the
 * unversioned symbols are the legacy ABIs). No logic here. Layouts: gen/nvml/nvml.h, API 13.
 */
public interface NvmlLibrary extends Library {
    int NVML_SUCCESS = 0;
    /** NVML_STRUCT_VERSION(Memory, 2) = sizeof(nvmlMemory_v2_t) | 2 << 24. */
    int NVML_MEMORY_V2_VERSION = 0x02000028;
    /** NVML_DEVICE_NAME_V2_BUFFER_SIZE and NVML_DEVICE_UUID_V2_BUFFER_SIZE. */
    int NVML_DEVICE_NAME_V2_BUFFER_SIZE = 96;

    int NVML_DEVICE_UUID_V2_BUFFER_SIZE = 96;
    int NVML_SYSTEM_DRIVER_VERSION_BUFFER_SIZE = 80;
    /** No NVML constant: Linux paths are at most PATH_MAX (4096) with the NUL; longer names are cropped. */
    int PROCESS_NAME_BUFFER_SIZE = 4096;

    int nvmlInit_v2();

    int nvmlShutdown();

    int nvmlSystemGetDriverVersion(byte[] version, int length);

    int nvmlSystemGetCudaDriverVersion_v2(IntByReference cudaDriverVersion);

    int nvmlDeviceGetCount_v2(IntByReference deviceCount);

    int nvmlDeviceGetHandleByIndex_v2(int index, PointerByReference device);

    int nvmlDeviceGetName(Pointer device, byte[] name, int length);

    int nvmlDeviceGetUUID(Pointer device, byte[] uuid, int length);

    int nvmlDeviceGetPciInfo_v3(Pointer device, NvmlPciInfo pci);

    int nvmlDeviceGetMemoryInfo(Pointer device, NvmlMemoryV1 memory);

    int nvmlDeviceGetMemoryInfo_v2(Pointer device, NvmlMemoryV2 memory);

    int nvmlDeviceGetCudaComputeCapability(Pointer device, IntByReference major, IntByReference minor);

    int nvmlDeviceGetMigMode(Pointer device, IntByReference currentMode, IntByReference pendingMode);

    int nvmlDeviceGetMaxMigDeviceCount(Pointer device, IntByReference count);

    int nvmlDeviceGetMigDeviceHandleByIndex(Pointer device, int index, PointerByReference migDevice);

    int nvmlDeviceGetComputeRunningProcesses_v3(Pointer device, IntByReference infoCount, Pointer infos);

    int nvmlDeviceGetComputeRunningProcesses_v2(Pointer device, IntByReference infoCount, Pointer infos);

    /** The legacy ABI: an array of {@link NvmlProcessInfoV1}. */
    int nvmlDeviceGetComputeRunningProcesses(Pointer device, IntByReference infoCount, Pointer infos);

    int nvmlDeviceGetGraphicsRunningProcesses_v3(Pointer device, IntByReference infoCount, Pointer infos);

    int nvmlDeviceGetGraphicsRunningProcesses_v2(Pointer device, IntByReference infoCount, Pointer infos);

    /** The legacy ABI: an array of {@link NvmlProcessInfoV1}. */
    int nvmlDeviceGetGraphicsRunningProcesses(Pointer device, IntByReference infoCount, Pointer infos);

    int nvmlSystemGetProcessName(int pid, byte[] name, int length);

    /**
     * nvmlProcessInfo_v1_t, 16 bytes: 32-bit pid, 4 bytes of padding, 64-bit usedGpuMemory. What
     * the unversioned process queries fill.
     */
    @FieldOrder({"pid", "usedGpuMemory"})
    class NvmlProcessInfoV1 extends Structure {
        public int pid;
        public long usedGpuMemory;
    }

    /**
     * nvmlProcessInfo_v2_t (= nvmlProcessInfo_t), 24 bytes: v1 plus the MIG gpuInstanceId and
     * computeInstanceId (0xFFFFFFFF without MIG). What the {@code _v2} and {@code _v3} queries fill.
     */
    @FieldOrder({"pid", "usedGpuMemory", "gpuInstanceId", "computeInstanceId"})
    class NvmlProcessInfo extends Structure {
        public int pid;
        public long usedGpuMemory;
        public int gpuInstanceId;
        public int computeInstanceId;
    }

    /** nvmlMemory_t, 24 bytes. v1: "used" includes the reserved framebuffer. */
    @FieldOrder({"total", "free", "used"})
    class NvmlMemoryV1 extends Structure {
        public long total;
        public long free;
        public long used;
    }

    /** nvmlMemory_v2_t, 40 bytes: 4-byte version, 4 bytes of padding, then four 64-bit counters. */
    @FieldOrder({"version", "total", "reserved", "free", "used"})
    class NvmlMemoryV2 extends Structure {
        public int version;
        public long total;
        public long reserved;
        public long free;
        public long used;
    }

    /** nvmlPciInfo_t, 68 bytes. byte[] (not char[]): JNA maps Java char to wchar_t. */
    @FieldOrder({"busIdLegacy", "domain", "bus", "device", "pciDeviceId", "pciSubSystemId", "busId"})
    class NvmlPciInfo extends Structure {
        public byte[] busIdLegacy = new byte[16];
        public int domain;
        public int bus;
        public int device;
        public int pciDeviceId;
        public int pciSubSystemId;
        public byte[] busId = new byte[32];
    }
}
