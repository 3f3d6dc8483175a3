package dev.gpufit.device.nvml.jna;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.PointerType;
import com.sun.jna.Structure;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import dev.gpufit.device.nvml.NvmlException;
import dev.gpufit.device.nvml.NvmlHandle;
import dev.gpufit.device.nvml.NvmlMemory;
import dev.gpufit.device.nvml.NvmlProcess;
import dev.gpufit.device.nvml.NvmlReturn;
import dev.gpufit.device.nvml.NvmlSession;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * One init/shutdown scope over {@link NvmlLibrary}. Handles carry their session and are
 * refused once it is closed, so a stale {@code nvmlDevice_t} is never passed to the driver.
 */
final class JnaNvmlSession implements NvmlSession {
    /** Process lists can grow between the sizing call and the reading call: ask this many times. */
    static final int PROCESS_QUERY_ATTEMPTS = 4;
    /** Room for processes that start between two calls, as nvml.h advises ("allocate more space"). */
    static final int PROCESS_SPARE = 8;
    /** More than any GPU runs; a larger count is a driver bug, not a reason to allocate without bound. */
    static final int PROCESS_MAX = 4096;

    private final NvmlLibrary lib;
    private volatile boolean closed;

    JnaNvmlSession(NvmlLibrary lib) {
        this.lib = lib;
    }

    /** A typed nvmlDevice_t owned by one session. */
    static final class Handle extends PointerType implements NvmlHandle {
        final JnaNvmlSession owner;

        Handle(Pointer p, JnaNvmlSession owner) {
            super(p);
            this.owner = owner;
        }
    }

    /** Runs one native call; a symbol the library lacks becomes FUNCTION_NOT_FOUND. */
    static int call(IntSupplier nativeCall, String name) {
        try {
            return nativeCall.getAsInt();
        } catch (UnsatisfiedLinkError e) {
            return NvmlReturn.ERROR_FUNCTION_NOT_FOUND.code();
        }
    }

    private static void check(int rc, String name) throws NvmlException {
        if (rc != NvmlLibrary.NVML_SUCCESS) {
            throw new NvmlException(rc, name);
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("NVML session already shut down");
        }
    }

    private Pointer ptr(NvmlHandle h) {
        checkOpen();
        if (!(h instanceof Handle handle) || handle.owner != this) {
            throw new IllegalArgumentException("NVML handle from another session");
        }
        return handle.getPointer();
    }

    @Override
    public String driverVersion() throws NvmlException {
        checkOpen();
        byte[] buf = new byte[NvmlLibrary.NVML_SYSTEM_DRIVER_VERSION_BUFFER_SIZE];
        check(
                call(() -> lib.nvmlSystemGetDriverVersion(buf, buf.length), "nvmlSystemGetDriverVersion"),
                "nvmlSystemGetDriverVersion");
        return Native.toString(buf);
    }

    @Override
    public int cudaDriverVersion() throws NvmlException {
        checkOpen();
        IntByReference v = new IntByReference();
        check(
                call(() -> lib.nvmlSystemGetCudaDriverVersion_v2(v), "nvmlSystemGetCudaDriverVersion_v2"),
                "nvmlSystemGetCudaDriverVersion_v2");
        return v.getValue();
    }

    @Override
    public int deviceCount() throws NvmlException {
        checkOpen();
        IntByReference n = new IntByReference();
        check(call(() -> lib.nvmlDeviceGetCount_v2(n), "nvmlDeviceGetCount_v2"), "nvmlDeviceGetCount_v2");
        return n.getValue();
    }

    @Override
    public NvmlHandle handleByIndex(int index) throws NvmlException {
        checkOpen();
        PointerByReference ref = new PointerByReference();
        check(
                call(() -> lib.nvmlDeviceGetHandleByIndex_v2(index, ref), "nvmlDeviceGetHandleByIndex_v2"),
                "nvmlDeviceGetHandleByIndex_v2");
        return new Handle(ref.getValue(), this);
    }

    @Override
    public String name(NvmlHandle h) throws NvmlException {
        Pointer p = ptr(h);
        byte[] buf = new byte[NvmlLibrary.NVML_DEVICE_NAME_V2_BUFFER_SIZE];
        check(call(() -> lib.nvmlDeviceGetName(p, buf, buf.length), "nvmlDeviceGetName"), "nvmlDeviceGetName");
        return Native.toString(buf);
    }

    @Override
    public String uuid(NvmlHandle h) throws NvmlException {
        Pointer p = ptr(h);
        byte[] buf = new byte[NvmlLibrary.NVML_DEVICE_UUID_V2_BUFFER_SIZE];
        check(call(() -> lib.nvmlDeviceGetUUID(p, buf, buf.length), "nvmlDeviceGetUUID"), "nvmlDeviceGetUUID");
        return Native.toString(buf);
    }

    @Override
    public String pciBusId(NvmlHandle h) throws NvmlException {
        Pointer p = ptr(h);
        NvmlLibrary.NvmlPciInfo pci = new NvmlLibrary.NvmlPciInfo();
        check(call(() -> lib.nvmlDeviceGetPciInfo_v3(p, pci), "nvmlDeviceGetPciInfo_v3"), "nvmlDeviceGetPciInfo_v3");
        return Native.toString(pci.busId);
    }

    @Override
    public NvmlMemory memoryV2(NvmlHandle h) throws NvmlException {
        Pointer p = ptr(h);
        NvmlLibrary.NvmlMemoryV2 m = new NvmlLibrary.NvmlMemoryV2();
        m.version = NvmlLibrary.NVML_MEMORY_V2_VERSION;
        check(
                call(() -> lib.nvmlDeviceGetMemoryInfo_v2(p, m), "nvmlDeviceGetMemoryInfo_v2"),
                "nvmlDeviceGetMemoryInfo_v2");
        return new NvmlMemory(m.total, m.reserved, m.free, m.used, 2);
    }

    @Override
    public NvmlMemory memoryV1(NvmlHandle h) throws NvmlException {
        Pointer p = ptr(h);
        NvmlLibrary.NvmlMemoryV1 m = new NvmlLibrary.NvmlMemoryV1();
        check(call(() -> lib.nvmlDeviceGetMemoryInfo(p, m), "nvmlDeviceGetMemoryInfo"), "nvmlDeviceGetMemoryInfo");
        return new NvmlMemory(m.total, null, m.free, m.used, 1);
    }

    @Override
    public int[] computeCapability(NvmlHandle h) throws NvmlException {
        Pointer p = ptr(h);
        IntByReference major = new IntByReference();
        IntByReference minor = new IntByReference();
        check(
                call(
                        () -> lib.nvmlDeviceGetCudaComputeCapability(p, major, minor),
                        "nvmlDeviceGetCudaComputeCapability"),
                "nvmlDeviceGetCudaComputeCapability");
        return new int[] {major.getValue(), minor.getValue()};
    }

    @Override
    public boolean migEnabled(NvmlHandle h) throws NvmlException {
        Pointer p = ptr(h);
        IntByReference current = new IntByReference();
        IntByReference pending = new IntByReference();
        check(
                call(() -> lib.nvmlDeviceGetMigMode(p, current, pending), "nvmlDeviceGetMigMode"),
                "nvmlDeviceGetMigMode");
        return current.getValue() == 1;
    }

    @Override
    public int maxMigDeviceCount(NvmlHandle h) throws NvmlException {
        Pointer p = ptr(h);
        IntByReference n = new IntByReference();
        check(
                call(() -> lib.nvmlDeviceGetMaxMigDeviceCount(p, n), "nvmlDeviceGetMaxMigDeviceCount"),
                "nvmlDeviceGetMaxMigDeviceCount");
        return n.getValue();
    }

    @Override
    public NvmlHandle migHandleByIndex(NvmlHandle parent, int index) throws NvmlException {
        Pointer p = ptr(parent);
        PointerByReference ref = new PointerByReference();
        check(
                call(
                        () -> lib.nvmlDeviceGetMigDeviceHandleByIndex(p, index, ref),
                        "nvmlDeviceGetMigDeviceHandleByIndex"),
                "nvmlDeviceGetMigDeviceHandleByIndex");
        return new Handle(ref.getValue(), this);
    }

    /** One ABI of a process query: the symbol, the call, and whether it fills v1 (16-byte) structs. */
    private record ProcessAbi(String symbol, ProcessQuery query, boolean v1) {}

    @FunctionalInterface
    private interface ProcessQuery {
        int call(Pointer device, IntByReference infoCount, Pointer infos);
    }

    @Override
    public List<NvmlProcess> computeProcesses(NvmlHandle h) throws NvmlException {
        return processes(
                ptr(h),
                List.of(
                        new ProcessAbi(
                                "nvmlDeviceGetComputeRunningProcesses_v3",
                                lib::nvmlDeviceGetComputeRunningProcesses_v3,
                                false),
                        new ProcessAbi(
                                "nvmlDeviceGetComputeRunningProcesses_v2",
                                lib::nvmlDeviceGetComputeRunningProcesses_v2,
                                false),
                        new ProcessAbi(
                                "nvmlDeviceGetComputeRunningProcesses",
                                lib::nvmlDeviceGetComputeRunningProcesses,
                                true)));
    }

    @Override
    public List<NvmlProcess> graphicsProcesses(NvmlHandle h) throws NvmlException {
        return processes(
                ptr(h),
                List.of(
                        new ProcessAbi(
                                "nvmlDeviceGetGraphicsRunningProcesses_v3",
                                lib::nvmlDeviceGetGraphicsRunningProcesses_v3,
                                false),
                        new ProcessAbi(
                                "nvmlDeviceGetGraphicsRunningProcesses_v2",
                                lib::nvmlDeviceGetGraphicsRunningProcesses_v2,
                                false),
                        new ProcessAbi(
                                "nvmlDeviceGetGraphicsRunningProcesses",
                                lib::nvmlDeviceGetGraphicsRunningProcesses,
                                true)));
    }

    /** The newest ABI the driver has: a missing symbol falls back to the next, any other failure is the answer. */
    private static List<NvmlProcess> processes(Pointer device, List<ProcessAbi> newestFirst) throws NvmlException {
        NvmlException missing = null;
        for (ProcessAbi abi : newestFirst) {
            try {
                return processes(device, abi);
            } catch (NvmlException e) {
                if (e.ret() != NvmlReturn.ERROR_FUNCTION_NOT_FOUND) {
                    throw e;
                }
                missing = e;
            }
        }
        throw missing;
    }

    /**
     * nvml.h's protocol: a call with {@code *infoCount = 0} answers SUCCESS when no process runs,
     * else INSUFFICIENT_SIZE with the count needed; then a call with room for that many (and a few
     * more) reads them, asked again if the list outgrew the room meanwhile.
     */
    private static List<NvmlProcess> processes(Pointer device, ProcessAbi abi) throws NvmlException {
        int room = 0;
        for (int attempt = 0; attempt < PROCESS_QUERY_ATTEMPTS; attempt++) {
            Structure[] infos = room == 0
                    ? null
                    : (abi.v1() ? new NvmlLibrary.NvmlProcessInfoV1() : new NvmlLibrary.NvmlProcessInfo())
                            .toArray(room);
            IntByReference count = new IntByReference(room);
            Pointer buffer = infos == null ? null : infos[0].getPointer();
            int rc = call(() -> abi.query().call(device, count, buffer), abi.symbol());
            if (rc == NvmlLibrary.NVML_SUCCESS) {
                int n = (int) Math.min(Integer.toUnsignedLong(count.getValue()), room);
                List<NvmlProcess> out = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    out.add(decode(infos[i]));
                }
                return out;
            }
            if (rc != NvmlReturn.ERROR_INSUFFICIENT_SIZE.code()) {
                throw new NvmlException(rc, abi.symbol());
            }
            long needed = Integer.toUnsignedLong(count.getValue());
            if (needed > PROCESS_MAX) {
                throw new NvmlException(rc, abi.symbol());
            }
            room = (int) Math.max(needed, room) + PROCESS_SPARE;
        }
        throw new NvmlException(NvmlReturn.ERROR_INSUFFICIENT_SIZE, abi.symbol());
    }

    private static NvmlProcess decode(Structure info) {
        info.read();
        if (info instanceof NvmlLibrary.NvmlProcessInfo v2) {
            return NvmlProcess.of(v2.pid, v2.usedGpuMemory);
        }
        NvmlLibrary.NvmlProcessInfoV1 v1 = (NvmlLibrary.NvmlProcessInfoV1) info;
        return NvmlProcess.of(v1.pid, v1.usedGpuMemory);
    }

    @Override
    public String processName(long pid) throws NvmlException {
        checkOpen();
        byte[] buf = new byte[NvmlLibrary.PROCESS_NAME_BUFFER_SIZE];
        check(
                call(() -> lib.nvmlSystemGetProcessName((int) pid, buf, buf.length), "nvmlSystemGetProcessName"),
                "nvmlSystemGetProcessName");
        return Native.toString(buf);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            call(lib::nvmlShutdown, "nvmlShutdown");
        }
    }
}
