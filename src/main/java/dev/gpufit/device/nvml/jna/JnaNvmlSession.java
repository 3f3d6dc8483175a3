package dev.gpufit.device.nvml.jna;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.PointerType;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import dev.gpufit.device.nvml.NvmlException;
import dev.gpufit.device.nvml.NvmlHandle;
import dev.gpufit.device.nvml.NvmlMemory;
import dev.gpufit.device.nvml.NvmlReturn;
import dev.gpufit.device.nvml.NvmlSession;
import java.util.function.IntSupplier;

/**
 * One init/shutdown scope over {@link NvmlLibrary}. Handles carry their session and are
 * refused once it is closed, so a stale {@code nvmlDevice_t} is never passed to the driver.
 */
final class JnaNvmlSession implements NvmlSession {
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

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            call(lib::nvmlShutdown, "nvmlShutdown");
        }
    }
}
