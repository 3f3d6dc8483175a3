package dev.gpufit.device.nvml;

import java.util.List;

/**
 * One {@code nvmlInit_v2} ... {@code nvmlShutdown} scope. Every method maps one NVML call and
 * throws {@link NvmlException} with that call's code; a symbol the driver lacks is reported as
 * {@link NvmlReturn#ERROR_FUNCTION_NOT_FOUND} so callers fall back the same way for both.
 */
public interface NvmlSession extends AutoCloseable {
    String driverVersion() throws NvmlException;

    /** e.g. 12040 for CUDA 12.4, as cuDriverGetVersion reports it. */
    int cudaDriverVersion() throws NvmlException;

    int deviceCount() throws NvmlException;

    NvmlHandle handleByIndex(int index) throws NvmlException;

    String name(NvmlHandle h) throws NvmlException;

    String uuid(NvmlHandle h) throws NvmlException;

    /** e.g. "00000000:18:00.0" (nvmlPciInfo_t.busId). */
    String pciBusId(NvmlHandle h) throws NvmlException;

    /** nvmlDeviceGetMemoryInfo_v2 with version 0x02000028. */
    NvmlMemory memoryV2(NvmlHandle h) throws NvmlException;

    /** nvmlDeviceGetMemoryInfo (v1: used includes reserved). */
    NvmlMemory memoryV1(NvmlHandle h) throws NvmlException;

    /** {major, minor}. */
    int[] computeCapability(NvmlHandle h) throws NvmlException;

    /** Current MIG mode: true when enabled. */
    boolean migEnabled(NvmlHandle h) throws NvmlException;

    int maxMigDeviceCount(NvmlHandle h) throws NvmlException;

    /** MIG device at that index; NOT_FOUND when that index has no instance (indices are sparse). */
    NvmlHandle migHandleByIndex(NvmlHandle parent, int index) throws NvmlException;

    /**
     * nvmlDeviceGetComputeRunningProcesses: {@code _v3}, else {@code _v2}, else the unversioned
     * v1 ABI, asked again while the list outgrows the buffer (INSUFFICIENT_SIZE).
     */
    List<NvmlProcess> computeProcesses(NvmlHandle h) throws NvmlException;

    /** nvmlDeviceGetGraphicsRunningProcesses, with the same fallbacks as {@link #computeProcesses}. */
    List<NvmlProcess> graphicsProcesses(NvmlHandle h) throws NvmlException;

    /** nvmlSystemGetProcessName: the driver's name for a process (a path on Linux). */
    String processName(long pid) throws NvmlException;

    /** Calls nvmlShutdown; never throws, since a failed shutdown changes nothing for the report. */
    @Override
    void close();
}
